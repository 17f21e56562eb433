package io.jctl.cli.describe;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks each golden against real kubectl 1.32 ({@code /usr/bin/kubectl}): the fixture is served
 * by {@link KubectlStub} with its times moved to the present, kubectl describes it, its
 * timestamps are moved back, and the text must equal the golden. Skipped without kubectl.
 */
class KubectlParityIT {
    private static final Path KUBECTL = Path.of(System.getProperty("jctl.kubectl", "/usr/bin/kubectl"));
    private static final Pattern RFC1123Z = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
    private static final DateTimeFormatter RFC1123Z_FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private static KubectlStub stub;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl not installed");
        stub = new KubectlStub();
        home = Files.createTempDirectory("kubectl-parity");
        Files.writeString(home.resolve("config"), "apiVersion: v1\nkind: Config\n");
    }

    @AfterAll
    static void stop() throws IOException {
        if (stub != null) {
            stub.close();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod", "deployment", "replicaset", "service", "node", "namespace", "configmap",
            "secret", "endpoints", "lease", "event", "widget"})
    void kubectlPrintsTheGolden(String name) throws Exception {
        FixtureCluster cluster = FixtureCluster.load(name);
        String kubectl = kubectlDescribe(cluster);
        String expected = DescribeGoldenTest.golden(name);
        if (name.equals("secret")) {
            // kubectl prints a Secret's keys in Go's random map order, jctl sorts them.
            kubectl = sortTail(kubectl, "====\n");
            expected = sortTail(expected, "====\n");
        }
        if (!kubectl.equals(expected)) {
            // Kept for a diff against the golden when they differ.
            Files.writeString(Path.of("target", "kubectl-" + name + ".txt"), kubectl);
        }
        assertThat(kubectl).isEqualTo(expected);
    }

    private static String kubectlDescribe(FixtureCluster cluster) throws Exception {
        // Start right after a second boundary so kubectl's "now" is the golden's to well under a second.
        long nowMillis = System.currentTimeMillis();
        Thread.sleep(1000 - nowMillis % 1000 + 20);
        long shift = Instant.now().getEpochSecond() - DescribeGoldenTest.NOW.instant().getEpochSecond();
        stub.serve(cluster, shift);

        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", home.resolve("config").toString(),
                "--cache-dir", home.resolve("cache").toString(), "--server", stub.url(), "describe",
                Tree.str(cluster.described, "kind").toLowerCase(Locale.ROOT) + resourceSuffix(cluster),
                Tree.str(cluster.described, "metadata", "name")));
        String namespace = Tree.str(cluster.described, "metadata", "namespace");
        if (!namespace.isEmpty()) {
            cmd.addAll(List.of("-n", namespace));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(home.resolve("stderr").toFile());
        pb.environment().put("TZ", "UTC");
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("kubectl failed: " + Files.readString(home.resolve("stderr"))).isZero();
            return unshift(new String(out, StandardCharsets.UTF_8), shift);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String resourceSuffix(FixtureCluster cluster) {
        String apiVersion = Tree.str(cluster.described, "apiVersion");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : "." + apiVersion.substring(0, slash);
    }

    /** Moves kubectl's printed times back by the shift the stub applied. */
    static String unshift(String text, long shift) {
        Matcher m = RFC1123Z.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            ZonedDateTime t = ZonedDateTime.parse(m.group(), RFC1123Z_FORMAT).minusSeconds(shift);
            m.appendReplacement(out, Matcher.quoteReplacement(RFC1123Z_FORMAT.format(t.withZoneSameInstant(ZoneOffset.UTC))));
        }
        m.appendTail(out);
        Matcher r = KubectlStub.RFC3339.matcher(out.toString());
        StringBuilder out2 = new StringBuilder();
        while (r.find()) {
            r.appendReplacement(out2, Matcher.quoteReplacement(KubectlStub.shift(r.group(), -shift)));
        }
        r.appendTail(out2);
        return out2.toString();
    }

    private static String sortTail(String text, String marker) {
        int at = text.lastIndexOf(marker);
        String[] lines = text.substring(at + marker.length()).split("\n");
        Arrays.sort(lines);
        return text.substring(0, at + marker.length()) + String.join("\n", lines) + "\n";
    }
}
