package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.leader.LeaderElector;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.jctl.apiserver.client.ClientItSupport.newNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Two candidates on one Lease of the real api-server. Skipped while the server does not serve
 * {@code coordination.k8s.io/v1}.
 */
class LeaderElectionIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static TestApiServer api;
    static ApiClient client;
    final List<LeaderElector> electors = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    String ns;

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
        client = ClientItSupport.clientFor(api);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void leasesAreServed() {
        assumeThat(client.raw("GET", "/apis/coordination.k8s.io/v1", null).status())
                .as("coordination.k8s.io/v1 is served").isNotEqualTo(404);
        ns = newNamespace(client, "leader");
    }

    @AfterEach
    void stopElectors() {
        electors.forEach(LeaderElector::stop);
    }

    /** Short periods so a test sees takeovers in seconds; the ratios are client-go's defaults. */
    LeaderElector candidate(ApiClient c, String identity) {
        LeaderElector e = LeaderElector.builder(c, ns, "the-lease", identity)
                .leaseDuration(Duration.ofSeconds(3))
                .renewDeadline(Duration.ofSeconds(2))
                .retryPeriod(Duration.ofMillis(300))
                .onStartedLeading(() -> log.add(identity + " started"))
                .onStoppedLeading(() -> log.add(identity + " stopped"))
                .build();
        electors.add(e);
        return e;
    }

    @Test
    void exactlyOneLeadsAndStoppingItHandsOver() throws Exception {
        LeaderElector a = candidate(client, "a");
        LeaderElector b = candidate(client, "b");
        AtomicBoolean both = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread monitor = new Thread(() -> {
            while (watching.get()) {
                if (a.isLeader() && b.isLeader()) {
                    both.set(true);
                }
                Thread.onSpinWait();
            }
        }, "two-leaders-monitor");
        monitor.start();
        try {
            a.start();
            b.start();
            await().atMost(WAIT).until(() -> a.isLeader() || b.isLeader());
            // Several renewals later it is still the same single leader.
            LeaderElector leader = a.isLeader() ? a : b;
            LeaderElector follower = leader == a ? b : a;
            Thread.sleep(1500);
            assertThat(leader.isLeader()).isTrue();
            assertThat(follower.isLeader()).isFalse();
            assertThat(follower.observedLeader()).isEqualTo(leader.identity());
            Lease lease = client.leases().get(ns, "the-lease");
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(3);
            assertThat(lease.getSpec().getLeaseTransitions()).isZero();
            assertThat(log).containsExactly(leader.identity() + " started");
        } finally {
            watching.set(false);
            monitor.join();
        }
        assertThat(both).as("two candidates led at once").isFalse();

        LeaderElector leader = a.isLeader() ? a : b;
        LeaderElector follower = leader == a ? b : a;
        leader.stop();
        assertThat(leader.isLeader()).isFalse();
        assertThat(log).contains(leader.identity() + " stopped");
        await().atMost(WAIT).until(follower::isLeader);
        Lease after = client.leases().get(ns, "the-lease");
        assertThat(after.getSpec().getHolderIdentity()).isEqualTo(follower.identity());
        assertThat(after.getSpec().getLeaseTransitions()).isEqualTo(1);
        // The follower may win between the release and the old leader's callback: order not checked.
        assertThat(log).first().isEqualTo(leader.identity() + " started");
        assertThat(log).containsExactlyInAnyOrder(leader.identity() + " started", leader.identity() + " stopped",
                follower.identity() + " started");
    }

    /** A leader cut off from the server steps down after its renew deadline; the other takes over once the lease expires. */
    @Test
    void aLeaderThatCannotRenewStepsDownAndTheOtherTakesOver() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(api.server().port())) {
            LeaderElector a = candidate(ClientItSupport.clientFor(api, proxy.url()), "a");
            a.start();
            await().atMost(WAIT).until(a::isLeader);
            LeaderElector b = candidate(client, "b");
            b.start();
            await().atMost(WAIT).until(() -> "a".equals(b.observedLeader()));

            proxy.cut();
            await().atMost(WAIT).until(() -> !a.isLeader());
            await().atMost(WAIT).until(b::isLeader);
            // "a stopped" normally comes first (renew deadline < lease duration), but that is timing.
            assertThat(log).containsExactlyInAnyOrder("a started", "a stopped", "b started");

            proxy.restore();
            await().atMost(WAIT).until(() -> "b".equals(a.observedLeader()));
            assertThat(a.isLeader()).isFalse();
            assertThat(client.leases().get(ns, "the-lease").getSpec().getHolderIdentity()).isEqualTo("b");
        }
    }
}
