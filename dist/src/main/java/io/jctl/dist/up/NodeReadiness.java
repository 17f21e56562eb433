package io.jctl.dist.up;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.jctl.api.client.ApiClient;
import io.jctl.api.errors.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Waits, through the API, until the named nodes report Ready — those whose agent was just started
 * with a heartbeat from this start (a Node object left Ready by an earlier run does not count) —
 * and fails early when one of the cluster's processes dies meanwhile.
 */
final class NodeReadiness {
    private NodeReadiness() {
    }

    /**
     * @param names the nodes to wait for
     * @param restarted those of them whose agent was just started: their Ready must be from after {@code since}
     */
    static void await(ApiClient api, List<String> names, Set<String> restarted, Instant since, List<Daemon> watched,
            Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new TreeSet<>(names);
        String lastProblem = "the api-server did not answer";
        while (true) {
            for (Daemon d : watched) {
                if (d.running().isEmpty()) {
                    throw new IOException(d.process() + " exited; the end of " + d.log() + ":\n" + d.logTail(15));
                }
            }
            try {
                for (Node n : api.nodes().list(null).items()) {
                    String name = n.getMetadata().getName();
                    if (isReadySince(n, restarted.contains(name) ? since : Instant.EPOCH)) {
                        waiting.remove(name);
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                lastProblem = "not Ready: " + String.join(", ", waiting);
            } catch (UncheckedIOException | ApiException e) {
                lastProblem = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the cluster was not ready within " + timeout.toSeconds() + " s (" + lastProblem
                        + "); see the logs");
            }
            Thread.sleep(25);
        }
    }

    static boolean isReadySince(Node n, Instant since) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : n.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                // Heartbeats have whole seconds.
                return "True".equals(c.getStatus()) && c.getLastHeartbeatTime() != null
                        && !Instant.parse(c.getLastHeartbeatTime()).isBefore(since.truncatedTo(ChronoUnit.SECONDS));
            }
        }
        return false;
    }
}
