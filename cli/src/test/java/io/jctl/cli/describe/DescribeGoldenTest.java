package io.jctl.cli.describe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind described from a fixed fixture at a fixed "now" equals its golden text
 * ({@code <case>.txt}, verified against kubectl 1.32 by {@link KubectlParityIT}).
 * {@code -Djctl.describe.writeGoldens=<dir>} rewrites the goldens there instead.
 */
class DescribeGoldenTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final String[] CASES = {"pod", "deployment", "replicaset", "service", "node", "namespace", "configmap",
            "secret", "endpoints", "lease", "event", "widget"};

    @ParameterizedTest
    @ValueSource(strings = {"pod", "deployment", "replicaset", "service", "node", "namespace", "configmap",
            "secret", "endpoints", "lease", "event", "widget"})
    void matchesGolden(String name) throws IOException {
        FixtureCluster cluster = FixtureCluster.load(name);
        String actual = Describers.describe(cluster.described, new FakeDescribeSource(cluster), NOW);
        String dir = System.getProperty("jctl.describe.writeGoldens");
        if (dir != null) {
            Files.writeString(Path.of(dir, name + ".txt"), actual);
            return;
        }
        assertThat(actual).isEqualTo(golden(name));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = DescribeGoldenTest.class.getResourceAsStream(name + ".txt")) {
            assertThat(in).as("golden " + name + ".txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
