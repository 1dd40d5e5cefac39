package io.dealsign.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes sure the routes directory exists before Camel loads it. On a first start somewhere new (say
 * {@code java -jar} in an empty folder) it is created with the flows built into the jar, so the
 * service runs its flows and the engineer has files to edit, which then reload on save.
 */
public class RoutesDirectory extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesDirectory.class);
    static final String BUILT_IN_ROUTES = "builtin-routes";
    private static final String ROUTE_FILES = "*.camel.yaml";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext camelContext = main.getCamelContext();
        Path directory = Path.of(camelContext.resolvePropertyPlaceholders("{{sync.routes.dir}}"));
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            int copied = copyBuiltInRoutes(directory);
            LOG.info("Routes directory {} did not exist: created it with the {} built-in route file(s). "
                    + "Edit them there; a saved file is reloaded.", directory.toAbsolutePath(), copied);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the routes directory " + directory.toAbsolutePath()
                    + ": set sync.routes.dir (env ROUTES_DIR) to a writable directory", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot copy the built-in routes into " + directory.toAbsolutePath(), e);
        }
    }

    /**
     * Copies the flows built into the jar (or into target/classes, in tests). The folder is listed through the
     * jar's own directory, which costs milliseconds; a classpath pattern scan would read every entry of
     * the 30 MiB jar, about 0.3 s of a first start.
     */
    static int copyBuiltInRoutes(Path directory) throws IOException, URISyntaxException {
        URL folder = RoutesDirectory.class.getClassLoader().getResource(BUILT_IN_ROUTES);
        if (folder == null) {
            throw new IOException("the jar has no " + BUILT_IN_ROUTES + " folder");
        }
        URI uri = folder.toURI();
        if (!"jar".equals(uri.getScheme())) {
            return copyRouteFiles(Path.of(uri), directory);
        }
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
            return copyRouteFiles(jar.getPath(BUILT_IN_ROUTES), directory);
        }
    }

    private static int copyRouteFiles(Path from, Path to) throws IOException {
        int copied = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, ROUTE_FILES)) {
            for (Path file : files) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
                copied++;
            }
        }
        return copied;
    }
}
