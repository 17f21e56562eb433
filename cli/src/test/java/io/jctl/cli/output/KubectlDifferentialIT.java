package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every {@link PrintCases} case printed by the real kubectl 1.32 against {@link KubectlStub} and
 * by jctl from the same data: the outputs must be byte for byte the same (errors: the same
 * message). With {@code -Dgolden.write=true} kubectl's outcomes are written to
 * {@code golden.json} for {@link PrintGoldenTest}. Skipped when /usr/bin/kubectl is missing.
 */
class KubectlDifferentialIT {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path GOLDEN = Path.of("src/test/resources/io/jctl/cli/output/golden.json");
    private static final Map<String, Outcome> RECORDED = new TreeMap<>();

    static KubectlStub stub;
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(KUBECTL), KUBECTL + " is missing; install kubectl 1.32 to compare with it");
        home = Files.createTempDirectory("jctl-output-kubectl-");
        stub = KubectlStub.start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (stub != null) {
                stub.close();
            }
            if (Boolean.getBoolean("golden.write") && !RECORDED.isEmpty()) {
                ObjectNode root = Json.newObject();
                RECORDED.forEach((name, o) -> root.putObject(name).put("ok", o.ok()).put("out", o.out())
                        .put("error", o.error()));
                Files.writeString(GOLDEN, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            }
        } finally {
            if (home != null) {
                try (Stream<Path> files = Files.walk(home)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    static List<PrintCases.Case> cases() {
        return PrintCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jctlPrintsWhatKubectlPrints(PrintCases.Case c) throws Exception {
        Outcome kubectl = Outcome.ofKubectl(stub.kubectl(home, c.kubectlArgs().toArray(String[]::new)));
        synchronized (RECORDED) {
            RECORDED.put(c.name(), kubectl);
        }
        Outcome jctl = Outcome.ofJctl(c.jctl());
        if (c.deviation() != null) {
            assertThat(kubectl.ok()).as("kubectl fails: " + c.name()).isFalse();
            assertThat(jctl.ok()).as("jctl fails: " + c.name()).isFalse();
            return;
        }
        assertThat(jctl).as(c.name()).isEqualTo(kubectl);
    }
}
