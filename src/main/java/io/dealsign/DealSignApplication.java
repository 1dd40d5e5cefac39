package io.dealsign;

import io.dealsign.demo.DemoMode;
import io.dealsign.routes.RoutesDirectory;
import io.dealsign.web.ServerEnvironment;
import io.dealsign.admin.AdminRoutes;
import io.dealsign.contract.ContractConfiguration;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.dottedsign.DottedSignApi;
import io.dealsign.dottedsign.DottedSignConfiguration;
import io.dealsign.inbox.InboxRoutes;
import io.dealsign.memory.MemoryConfiguration;
import io.dealsign.observe.ObserveConfiguration;
import io.dealsign.pipedrive.PipedriveApi;
import io.dealsign.pipedrive.PipedriveConfiguration;
import io.dealsign.polling.PollingRoutes;
import io.dealsign.web.WebConfiguration;
import io.dealsign.webhook.WebhookRoutes;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;

import java.util.List;

/** Starts the service: settings from application.properties, beans from the configuration classes. */
public final class DealSignApplication {

    /**
     * The working directory's settings file, then the jar's built-in defaults. Where both set a key
     * the first location wins, so an operator's edit beats the default.
     */
    static final String SETTINGS_LOCATIONS = "file:application.properties;optional=true,"
            + "classpath:application.properties;optional=true";

    private DealSignApplication() {
    }

    public static void main(String[] args) throws Exception {
        ServerEnvironment.apply(System.getenv(), System.getProperties());
        WarmUp.begin();
        Main main = newMain();
        if (DemoMode.isRequested(args)) {
            try (DemoMode demo = DemoMode.install(main)) {
                main.run(DemoMode.withoutFlag(args));
            }
        } else {
            main.run(args);
        }
    }

    /** The service as a Camel Main, not yet started; tests start it in-process the same way. */
    public static Main newMain() {
        // The configuration classes and Java routes by name: scanning the io.dealsign package of the jar
        // would also load every simulator class, for nothing, at each start.
        Main main = new Main();
        main.configure().withBasePackageScanEnabled(false);
        for (Class<? extends CamelConfiguration> configuration : List.of(ContractConfiguration.class,
                DatabaseConfiguration.class, DottedSignConfiguration.class, MemoryConfiguration.class,
                ObserveConfiguration.class, PipedriveConfiguration.class, WebConfiguration.class)) {
            main.configure().addConfiguration(configuration);
        }
        for (Class<? extends RoutesBuilder> routes : List.of(AdminRoutes.class, DottedSignApi.class, InboxRoutes.class,
                PipedriveApi.class, PollingRoutes.class, WebhookRoutes.class)) {
            main.configure().addRoutesBuilder(routes);
        }
        main.setDefaultPropertyPlaceholderLocation(SETTINGS_LOCATIONS);
        main.addMainListener(new RoutesDirectory());
        return main;
    }
}
