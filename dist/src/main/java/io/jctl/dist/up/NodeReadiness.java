package io.jctl.dist.up;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ObjectList;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.client.WatchListener;
import io.jctl.api.errors.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits, through the API, until the named nodes report Ready — those whose agent was just started
 * with a heartbeat from this start (a Node object left Ready by an earlier run does not count) —
 * and fails early when one of the cluster's processes dies meanwhile. It lists, then watches:
 * waiting costs the machine nothing while the cluster's own processes start on the same cores.
 */
final class NodeReadiness {
    private static final Object CLOSED = new Object();

    private final List<String> names;
    private final Set<String> restarted;
    private final Instant since;
    private final List<Daemon> watched;
    private final long deadline;
    private final Duration timeout;
    private final Map<String, Node> latest = new HashMap<>();
    private String lastProblem = "the api-server did not answer";

    private NodeReadiness(List<String> names, Set<String> restarted, Instant since, List<Daemon> watched, Duration timeout) {
        this.names = names;
        this.restarted = restarted;
        this.since = since;
        this.watched = watched;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * @param names the nodes to wait for
     * @param restarted those of them whose agent was just started: their Ready must be from after {@code since}
     */
    static void await(ApiClient api, List<String> names, Set<String> restarted, Instant since, List<Daemon> watched,
            Duration timeout) throws IOException, InterruptedException {
        new NodeReadiness(names, restarted, since, watched, timeout).run(api);
    }

    private void run(ApiClient api) throws IOException, InterruptedException {
        while (true) {
            check();
            ObjectList<Node> list;
            try {
                list = api.nodes().list(null);
            } catch (UncheckedIOException | ApiException e) {
                lastProblem = e.getMessage(); // not listening yet
                Thread.sleep(50);
                continue;
            }
            list.items().forEach(n -> latest.put(n.getMetadata().getName(), n));
            if (allReady()) {
                return;
            }
            if (watchUntilReady(api, list.resourceVersion())) {
                return;
            }
        }
    }

    /** True once all are Ready; false when the watch ended and a new list is due. */
    private boolean watchUntilReady(ApiClient api, String resourceVersion) throws IOException, InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Watch watch;
        try {
            watch = api.nodes().watch(null, ListOptions.all().withResourceVersion(resourceVersion), new WatchListener<>() {
                @Override
                public void onEvent(WatchEvent<Node> event) {
                    events.add(event);
                }

                @Override
                public void onClose(Throwable cause) {
                    events.add(CLOSED);
                }
            });
        } catch (UncheckedIOException | ApiException e) {
            lastProblem = e.getMessage();
            Thread.sleep(50);
            return false;
        }
        try (watch) {
            while (true) {
                Object o = events.poll(100, TimeUnit.MILLISECONDS);
                check();
                if (o == CLOSED) {
                    return false;
                }
                if (o instanceof WatchEvent<?> e) {
                    if (e.type() == WatchEvent.Type.ERROR) {
                        return false;
                    }
                    if ((e.type() == WatchEvent.Type.ADDED || e.type() == WatchEvent.Type.MODIFIED) && e.object() instanceof Node n) {
                        latest.put(n.getMetadata().getName(), n);
                        if (allReady()) {
                            return true;
                        }
                    }
                }
            }
        }
    }

    private boolean allReady() {
        Set<String> waiting = new TreeSet<>();
        for (String name : names) {
            Node n = latest.get(name);
            if (n == null || !isReadySince(n, restarted.contains(name) ? since : Instant.EPOCH)) {
                waiting.add(name);
            }
        }
        lastProblem = "not Ready: " + String.join(", ", waiting);
        return waiting.isEmpty();
    }

    private void check() throws IOException {
        for (Daemon d : watched) {
            if (d.running().isEmpty()) {
                throw new IOException(d.process() + " exited; the end of " + d.log() + ":\n" + d.logTail(15));
            }
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("the cluster was not ready within " + timeout.toSeconds() + " s (" + lastProblem
                    + "); see the logs");
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
