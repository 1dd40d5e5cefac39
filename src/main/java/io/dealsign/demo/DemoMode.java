package io.dealsign.demo;

import io.dealsign.binding.Bindings;
import io.dealsign.demo.Expectations.DemoStalled;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.Service;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.dealsign.demo.DemoStory.NARRATOR;

/**
 * {@code java -jar dealsign-sync.jar --demo}: the whole product without a Pipedrive or DottedSign
 * account. Both simulators start in this process, the service is pointed at them as it would be at
 * the real systems, on a database and archive of its own under {@code ./demo-data/} (wiped at each
 * demo start; {@code ./data/} is never touched), and a story of five deals plays while the log shows
 * what the service does. A summary table ends it; the service keeps running for the admin page until
 * Ctrl-C, which stops the simulators too.
 */
public final class DemoMode extends MainListenerSupport implements AutoCloseable {

    public static final String FLAG = "--demo";
    static final Path DATA = Path.of("demo-data");
    /** The port a newcomer expects; another free port is taken when it is busy. */
    private static final int PREFERRED_PORT = 8080;
    /** Longest wait for one effect; each takes well under a second, so this only catches a stall. */
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);
    /** Short crons, so both pollers are seen at work during the demo. */
    private static final Map<String, String> POLLING = Map.of(
            "sync.poll.dottedsign.cron", "0/10 * * * * ?",
            "sync.poll.pipedrive.cron", "5/10 * * * * ?");

    private final DemoWorld world;
    private final int port;
    private final String adminToken;
    private final Path data;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread storyThread;

    private DemoMode(DemoWorld world, int port, String adminToken, Path data) {
        this.world = world;
        this.port = port;
        this.adminToken = adminToken;
        this.data = data;
    }

    public static boolean isRequested(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** The arguments for Camel Main, which does not know {@value #FLAG}. */
    public static String[] withoutFlag(String[] args) {
        return Arrays.stream(args).filter(arg -> !FLAG.equals(arg)).toArray(String[]::new);
    }

    /**
     * Wipes {@code ./demo-data/}, starts both simulators and points {@code main} at them; the story
     * plays once the service has started. Close it after {@code main} has run (it closes the
     * simulators, also when the service failed to start).
     */
    public static DemoMode install(Main main) {
        Path data = freshDataDirectory();
        int port = servicePort();
        String serviceUrl = "http://localhost:" + port;
        String adminToken = DemoWorld.secret();
        DemoWorld world = new DemoWorld();
        Map<String, String> settings = new LinkedHashMap<>(world.connect(serviceUrl));
        settings.put("camel.server.port", String.valueOf(port));
        settings.put("sync.datasource.url", "jdbc:h2:file:" + data.resolve("db").resolve("dealsign-sync"));
        settings.put("sync.archive.dir", data.resolve("archive").toString());
        settings.put("sync.admin.token", adminToken);
        settings.putAll(POLLING);
        // Overrides beat the settings file and the environment: the demo must never reach ./data/ or a real account.
        settings.forEach(main::addOverrideProperty);
        DemoMode demo = new DemoMode(world, port, adminToken, data);
        main.addMainListener(demo);
        NARRATOR.info("Demo mode: Pipedrive simulator at {}, DottedSign simulator at {}, data in {} (wiped at each demo start)",
                world.pipedrive.baseUrl(), world.dottedSign.baseUrl(), data);
        return demo;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext camelContext = main.getCamelContext();
        // Stopped with the context, after its routes: on Ctrl-C, Camel Main's shutdown hook waits for
        // that, whereas a Main listener's afterStop may never run before the JVM exits.
        try {
            camelContext.addService(new SimulatorsStopWithTheService());
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
        DemoStory story = new DemoStory(world,
                () -> camelContext.getRegistry().lookupByNameAndType("bindings", Bindings.class),
                new Expectations(EFFECT_TIMEOUT), "http://localhost:" + port);
        Thread thread = new Thread(() -> tell(story), "demo-story");
        thread.setDaemon(true);
        storyThread = thread;
        thread.start();
    }

    private void tell(DemoStory story) {
        long started = System.nanoTime();
        System.out.print(adminAccess("The service is up; the story starts."));
        try {
            story.play();
            NARRATOR.info("The story is over after {} s: the summary follows", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (DemoStalled e) {
            NARRATOR.error("{} The service's log above says why; the summary shows how far the story got.", e.getMessage());
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return;
            }
            NARRATOR.error("The story stopped: {}", e.toString());
        }
        if (!stopping.get()) {
            System.out.print("\nDemo summary (deal statuses from Pipedrive, task statuses from DottedSign):\n"
                    + story.summary().render()
                    + adminAccess("The service keeps running; press Ctrl-C to stop it and the simulators."));
            System.out.flush();
        }
    }

    private String adminAccess(String headline) {
        return "\n" + "=".repeat(72) + "\n"
                + headline + "\n"
                + "Admin page:  http://localhost:" + port + "/admin\n"
                + "Admin token: " + adminToken + "\n"
                + "Signed files are archived under " + data.resolve("archive") + "\n"
                + "Act yourself through the simulators' control APIs (see the README's Demo section):\n"
                + "  Pipedrive:  " + world.pipedrive.baseUrl() + "/_sim\n"
                + "  DottedSign: " + world.dottedSign.baseUrl() + "/_sim\n"
                + "=".repeat(72) + "\n\n";
    }

    /** Stops the story and both simulators; safe to call more than once. */
    @Override
    public void close() {
        stopping.set(true);
        Thread thread = storyThread;
        if (thread != null) {
            thread.interrupt();
        }
        if (closed.compareAndSet(false, true)) {
            world.close();
            NARRATOR.info("Demo stopped: both simulators are closed; {} keeps this run's database and archive until the next demo start", data);
        }
    }

    private final class SimulatorsStopWithTheService implements Service {
        @Override
        public void start() {
            // the simulators are already running
        }

        @Override
        public void stop() {
            DemoMode.this.close();
        }
    }

    private static Path freshDataDirectory() {
        Path data = DATA.toAbsolutePath();
        if (Files.exists(data)) {
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot wipe " + data + " for a fresh demo (is another demo running?)", e);
            }
        }
        try {
            return Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + data + " for the demo's database and archive", e);
        }
    }

    /**
     * {@code camel.server.port} when the operator set it (-D, or CAMEL_SERVER_PORT, which main() has made a
     * system property), else 8080 when free, else any free port.
     */
    private static int servicePort() {
        String configured = System.getProperty("camel.server.port");
        if (configured != null && !configured.isBlank()) {
            try {
                return Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("camel.server.port must be a port number, not " + configured, e);
            }
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("0.0.0.0", PREFERRED_PORT));
            return PREFERRED_PORT;
        } catch (IOException busy) {
            try (ServerSocket any = new ServerSocket(0)) {
                return any.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free port for the demo", e);
            }
        }
    }
}
