package io.dealsign.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The worlds a test class starts, each in a fresh folder, closed and deleted after every test:
 * {@code @RegisterExtension final SyncWorlds worlds = new SyncWorlds();}, then
 * {@code worlds.start(Map.of(...))} in the test.
 */
public final class SyncWorlds implements AfterEachCallback {

    private final List<SyncWorld> started = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    /** Simulators and a started service; {@code properties} override the service's settings. */
    public SyncWorld start(Map<String, String> properties) {
        try {
            Path folder = Files.createTempDirectory("sync-world");
            folders.add(folder);
            SyncWorld world = SyncWorld.start(folder, properties);
            started.add(world);
            return world;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        started.forEach(SyncWorld::close);
        started.clear();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        folders.clear();
    }
}
