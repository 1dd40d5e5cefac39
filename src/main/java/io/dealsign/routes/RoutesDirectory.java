package io.dealsign.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure the routes directory exists before Camel loads it. On a first start somewhere new (say
 * {@code java -jar} in an empty folder) it is created with the flows built into the jar, so the
 * service runs its flows and the engineer has files to edit, which then reload on save.
 */
public class RoutesDirectory extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesDirectory.class);
    static final String BUILT_IN_ROUTES = "classpath:builtin-routes/*.camel.yaml";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext camelContext = main.getCamelContext();
        Path directory = Path.of(camelContext.resolvePropertyPlaceholders("{{sync.routes.dir}}"));
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            int copied = 0;
            for (Resource resource : PluginHelper.getPackageScanResourceResolver(camelContext).findResources(BUILT_IN_ROUTES)) {
                String fileName = Path.of(resource.getLocation().replace("classpath:", "")).getFileName().toString();
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, directory.resolve(fileName));
                }
                copied++;
            }
            LOG.info("Routes directory {} did not exist: created it with the {} built-in route file(s). "
                    + "Edit them there; a saved file is reloaded.", directory.toAbsolutePath(), copied);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the routes directory " + directory.toAbsolutePath()
                    + ": set sync.routes.dir (env ROUTES_DIR) to a writable directory", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot copy the built-in routes into " + directory.toAbsolutePath(), e);
        }
    }
}
