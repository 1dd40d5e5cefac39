package io.dealsign;

import io.dealsign.routes.RoutesDirectory;
import org.apache.camel.main.Main;

/** Starts the service: settings from application.properties, beans from the configuration classes. */
public final class DealSignApplication {

    /** The jar's built-in defaults, then the working directory's file, which wins where both set a key. */
    static final String SETTINGS_LOCATIONS = "classpath:application.properties;optional=true,"
            + "file:application.properties;optional=true";

    private DealSignApplication() {
    }

    public static void main(String[] args) throws Exception {
        newMain().run(args);
    }

    /** The service as a Camel Main, not yet started; tests start it in-process the same way. */
    public static Main newMain() {
        Main main = new Main(DealSignApplication.class);
        main.setDefaultPropertyPlaceholderLocation(SETTINGS_LOCATIONS);
        main.addMainListener(new RoutesDirectory());
        return main;
    }
}
