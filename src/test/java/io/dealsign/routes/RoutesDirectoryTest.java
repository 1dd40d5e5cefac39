package io.dealsign.routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesDirectoryTest {

    @TempDir
    Path folder;

    @Test
    void should_copy_every_built_in_flow_unchanged() throws Exception {
        int copied = RoutesDirectory.copyBuiltInRoutes(folder);

        List<String> projectFlows = routeFileNames(Path.of("routes"));
        assertThat(routeFileNames(folder)).isEqualTo(projectFlows);
        assertThat(copied).isEqualTo(projectFlows.size());
        for (String name : projectFlows) {
            assertThat(folder.resolve(name)).hasSameTextualContentAs(Path.of("routes", name));
        }
    }

    private static List<String> routeFileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
