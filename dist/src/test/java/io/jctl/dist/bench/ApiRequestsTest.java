package io.jctl.dist.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRequestsTest {
    private static final String TEXT = """
            # HELP apiserver_request_total Requests by verb, resource and HTTP code
            # TYPE apiserver_request_total counter
            apiserver_request_total{code="201",resource="pods",verb="POST",} 40.0
            apiserver_request_total{code="409",resource="pods",verb="POST",} 2.0
            apiserver_request_total{code="200",resource="pods",verb="WATCH",} 3.0
            apiserver_request_total{code="200",resource="leases",verb="PUT",} 1.0E3
            apiserver_request_duration_seconds_count{resource="pods",verb="POST",} 42.0
            apiserver_request_duration_seconds_sum{resource="pods",verb="POST",} 2.5E-4
            """;

    @Test
    void sumsByVerbAndResourceWithoutWatches() {
        assertThat(ApiRequests.parse(TEXT)).containsExactlyInAnyOrderEntriesOf(Map.of("POST pods", 42L, "PUT leases", 1000L));
    }

    @Test
    void durationsWithNegativeExponents() {
        assertThat(ApiRequests.durationSums(TEXT)).containsEntry("POST pods", 2.5E-4);
        assertThat(ApiRequests.durationCounts(TEXT)).containsEntry("POST pods", 42.0);
    }

    @Test
    void diffKeepsWhatGrew() {
        assertThat(ApiRequests.diff(Map.of("POST pods", 40L, "PUT leases", 5L), Map.of("POST pods", 42L, "PUT leases", 5L,
                "DELETE pods", 3L))).containsExactlyInAnyOrderEntriesOf(Map.of("POST pods", 2L, "DELETE pods", 3L));
    }
}
