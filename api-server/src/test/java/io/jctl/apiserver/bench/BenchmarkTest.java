package io.jctl.apiserver.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the whole benchmark tiny against the embedded store, so the bench cannot rot. */
class BenchmarkTest {

    @Test
    void tinyRunMeasuresEveryVerbAndDeliversEveryWatchEvent() throws Exception {
        BenchOptions options = new BenchOptions(List.of(1, 2), 20, 10, 5, 5, 5, Duration.ofSeconds(30));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport report;
        try (BenchBackend backend = BenchBackend.embedded()) {
            report = Benchmark.run(backend, options, new PrintStream(progress, true, StandardCharsets.UTF_8));
        }

        assertThat(report.verbs()).extracting(VerbResult::verb)
                .containsExactly("create", "get", "list", "update", "delete", "create", "get", "list", "update",
                        "delete");
        assertThat(report.verbs()).allSatisfy(v -> {
            assertThat(v.errors()).as(v.verb() + ": " + v.firstError()).isZero();
            assertThat(v.requests()).isEqualTo(v.verb().equals("list") ? 5 : 20);
            assertThat(v.latencies().percentileMillis(99)).isPositive();
            assertThat(v.serverMeanMillis()).isPositive();
        });
        WatchResult watch = report.watch().orElseThrow();
        assertThat(watch.connected()).isEqualTo(5);
        assertThat(watch.pacedWrites()).isEqualTo(5);
        assertThat(watch.burstWrites()).isEqualTo(5);
        assertThat(watch.fanout().count()).isEqualTo(25);
        assertThat(watch.fanoutFromSend().count()).isEqualTo(25);
        assertThat(watch.burstDelivered()).isEqualTo(25);
        assertThat(watch.complete()).isTrue();
        assertThat(report.rssMiB()).isPositive();
        assertThat(report.mutatingP99AtBudgetClients()).isEmpty();
        assertThat(report.watchBudgetMet()).isEmpty();

        assertThat(report.text()).contains("create", "fan-out from write sent", "VmRSS", "not measured");
        assertThat(report.markdown()).contains("| verb | clients |", "| --- |", "### embedded store");
    }
}
