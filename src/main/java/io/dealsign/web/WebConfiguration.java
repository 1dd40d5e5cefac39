package io.dealsign.web;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** HTTP concerns shared by every endpoint the service serves. */
public class WebConfiguration implements CamelConfiguration {

    @PropertyInject(value = "camel.server.host", defaultValue = "0.0.0.0")
    private String host;
    @PropertyInject(value = "camel.server.port", defaultValue = "8080")
    private int port;

    @Override
    public void configure(CamelContext camelContext) {
        failIfPortIsTaken();
    }

    /**
     * Camel 4.18's Vert.x server only logs a warning when its port is taken and lets the service start
     * with nothing listening: webhooks would go unanswered while the process looks alive. So the port
     * is tried here first, before anything starts, and start-up stops with a clear error.
     */
    private void failIfPortIsTaken() {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): another process is using the port. Set camel.server.port (env CAMEL_SERVER_PORT) to a free port.");
        }
    }
}
