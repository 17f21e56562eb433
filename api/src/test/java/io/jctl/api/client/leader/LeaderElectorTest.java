package io.jctl.api.client.leader;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeaderElectorTest {
    private static final String LEASES = "coordination.k8s.io/leases";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FakeApiServer server;
    private ApiClient client;
    private final List<LeaderElector> electors = new ArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = FakeApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.url()).build());
    }

    @AfterEach
    void tearDown() {
        electors.forEach(LeaderElector::stop);
        server.close();
    }

    private LeaderElector elector(String id) {
        LeaderElector e = LeaderElector.builder(client, "kube-system", "jctl-controller-manager", id)
                .leaseDuration(Duration.ofSeconds(2))
                .renewDeadline(Duration.ofMillis(1500))
                .retryPeriod(Duration.ofMillis(100))
                .onStartedLeading(() -> log.add(id + " started"))
                .onStoppedLeading(() -> log.add(id + " stopped"))
                .onNewLeader(l -> log.add(id + " sees " + l))
                .build();
        electors.add(e);
        return e;
    }

    private JsonNode lease() {
        return server.get(LEASES, "kube-system", "jctl-controller-manager");
    }

    @Test
    void exactlyOneCandidateLeadsAndRenews() {
        LeaderElector a = elector("a");
        a.start();
        await().atMost(WAIT).until(a::isLeader);
        LeaderElector b = elector("b");
        b.start();
        await().atMost(WAIT).until(() -> "a".equals(b.observedLeader()));

        String renewed = lease().path("spec").path("renewTime").asText();
        await().atMost(WAIT).until(() -> !renewed.equals(lease().path("spec").path("renewTime").asText()));
        assertThat(b.isLeader()).isFalse();
        assertThat(lease().path("spec").path("holderIdentity").asText()).isEqualTo("a");
        assertThat(lease().path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(2);
        assertThat(lease().path("spec").path("leaseTransitions").asInt()).isZero();
        assertThat(log).contains("a started", "b sees a").doesNotContain("b started");
    }

    @Test
    void stoppingTheLeaderReleasesTheLeaseToTheNext() {
        LeaderElector a = elector("a");
        a.start();
        await().atMost(WAIT).until(a::isLeader);
        LeaderElector b = elector("b");
        b.start();
        await().atMost(WAIT).until(() -> "a".equals(b.observedLeader()));

        a.stop();
        assertThat(a.isLeader()).isFalse();
        assertThat(log).contains("a stopped");
        await().atMost(WAIT).until(b::isLeader);
        assertThat(lease().path("spec").path("holderIdentity").asText()).isEqualTo("b");
        assertThat(lease().path("spec").path("leaseTransitions").asInt()).isEqualTo(1);
        assertThat(log).containsSubsequence("a started", "a stopped", "b started");
    }

    @Test
    void aLeaseNobodyRenewsIsTakenOverAfterItsDuration() {
        // A holder that vanished without releasing: its lease is never renewed again.
        com.fasterxml.jackson.databind.node.ObjectNode stale = io.jctl.api.json.Json.newObject();
        stale.putObject("metadata").put("name", "jctl-controller-manager").put("namespace", "kube-system");
        stale.putObject("spec").put("holderIdentity", "ghost").put("leaseDurationSeconds", 1)
                .put("renewTime", "2020-01-01T00:00:00.000000Z").put("leaseTransitions", 4);
        server.put(LEASES, stale);

        LeaderElector b = elector("b");
        b.start();
        await().atMost(WAIT).until(() -> "ghost".equals(b.observedLeader()));
        await().atMost(WAIT).until(b::isLeader);
        assertThat(lease().path("spec").path("leaseTransitions").asInt()).isEqualTo(5);
    }

    @Test
    void aLeaderThatCannotRenewStepsDown() {
        LeaderElector a = elector("a");
        a.start();
        await().atMost(WAIT).until(a::isLeader);
        server.close(); // the api-server goes away: renewals fail
        await().atMost(WAIT).until(() -> !a.isLeader());
        assertThat(log).contains("a stopped");
    }

    @Test
    void rejectsInconsistentTimings() {
        assertThatThrownBy(() -> LeaderElector.builder(client, "ns", "l", "me").renewDeadline(Duration.ofSeconds(20)).build())
                .hasMessageContaining("leaseDuration must be greater than renewDeadline");
        assertThatThrownBy(() -> LeaderElector.builder(client, "ns", "l", "me").retryPeriod(Duration.ofSeconds(9)).build())
                .hasMessageContaining("retryPeriod");
        assertThatThrownBy(() -> LeaderElector.builder(client, "ns", "l", "").build())
                .hasMessageContaining("identity");
    }
}
