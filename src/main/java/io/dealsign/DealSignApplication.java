package io.dealsign;

import org.apache.camel.main.Main;

public final class DealSignApplication {
    public static void main(String[] args) throws Exception {
        new Main(DealSignApplication.class).run(args);
    }
}
