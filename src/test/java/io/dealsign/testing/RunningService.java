package io.dealsign.testing;

import io.dealsign.DealSignApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The service started in-process exactly as {@code java -jar} starts it (same Main, same settings
 * file), with test overrides: a free port, its own in-memory H2 database, and a routes directory.
 */
public final class RunningService implements AutoCloseable {

    private final Main main;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningService(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the service failed: " + request.uri(), e);
        }
    }

    @Override
    public void close() {
        main.stop();
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
            properties.put("sync.datasource.url",
                    "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            properties.put("sync.routes.dir", "routes");
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder routesDirectory(Path directory) {
            return property("sync.routes.dir", directory.toString());
        }

        public RunningService start() {
            int port = AvailablePortFinder.getNextAvailable();
            Main main = DealSignApplication.newMain();
            main.addOverrideProperty("camel.server.port", String.valueOf(port));
            properties.forEach(main::addOverrideProperty);
            try {
                main.start();
            } catch (Exception e) {
                throw new IllegalStateException("the service did not start", e);
            }
            return new RunningService(main, port);
        }
    }
}
