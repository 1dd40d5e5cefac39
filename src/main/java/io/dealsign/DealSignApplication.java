package io.dealsign;

import io.dealsign.demo.DemoMode;
import io.dealsign.routes.RoutesDirectory;
import io.dealsign.web.ServerEnvironment;
import org.apache.camel.main.Main;

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
        Main main = new Main(DealSignApplication.class);
        main.setDefaultPropertyPlaceholderLocation(SETTINGS_LOCATIONS);
        main.addMainListener(new RoutesDirectory());
        return main;
    }
}
