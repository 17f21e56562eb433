package io.jctl.controllers.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the scheduler and a node agent in controller ITs, talking only through the API:
 * binds unscheduled pods to its node ({@code pods/binding}), marks pods on its node Running and
 * Ready (status subresource) after an optional delay, and confirms graceful deletions of its
 * pods (delete with grace 0). Optionally registers its Node and renews its Lease in
 * {@code kube-node-lease} like a kubelet heartbeat.
 */
public final class FakeKubelet implements AutoCloseable {
    private static final AtomicInteger IPS = new AtomicInteger(1);

    private final ApiClient client;
    private final String nodeName;
    private final Duration readyDelay;
    private final boolean bindUnscheduled;
    private final SharedInformer<Pod> pods;
    private final Controller controller;
    private final Map<String, Long> firstSeenOnNode = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;

    private FakeKubelet(Builder b) {
        this.client = b.client;
        this.nodeName = b.nodeName;
        this.readyDelay = b.readyDelay;
        this.bindUnscheduled = b.bindUnscheduled;
        this.pods = new SharedInformer<>(client.pods(), b.namespace, ListOptions.all());
        this.controller = Controller.builder("fake-kubelet-" + nodeName, this::sync).workers(2).primary(pods).build();
        if (b.registerNode) {
            registerNode();
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fake-kubelet " + nodeName + " heartbeat");
                t.setDaemon(true);
                return t;
            });
            renewLease();
            heartbeat.scheduleWithFixedDelay(this::renewLease, b.heartbeatInterval.toMillis(),
                    b.heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            heartbeat = null;
        }
        controller.start();
        pods.start();
    }

    /** A kubelet for {@code nodeName} that registers the node, heartbeats every second, and makes pods ready at once. */
    public static FakeKubelet start(ApiClient client, String nodeName) {
        return builder(client, nodeName).start();
    }

    public static Builder builder(ApiClient client, String nodeName) {
        return new Builder(client, nodeName);
    }

    public String nodeName() {
        return nodeName;
    }

    /** Stops renewing the node's Lease, as a node that died would; pods are still handled. */
    public void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    @Override
    public void close() {
        stopHeartbeat();
        controller.stop();
        pods.stop();
    }

    private Result sync(String key) {
        Pod pod = pods.get(Keys.namespace(key), Keys.name(key));
        if (pod == null) {
            firstSeenOnNode.remove(key);
            return Result.done();
        }
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (nodeName.equals(node)) {
                ignoreGone(() -> client.pods().delete(ns, name, DeleteOptions.defaults().withGracePeriodSeconds(0L)
                        .withPreconditions(pod.getMetadata().getUid(), null)));
            }
            return Result.done();
        }
        if (node == null || node.isEmpty()) {
            if (bindUnscheduled) {
                try {
                    client.bindPod(ns, name, nodeName);
                } catch (ApiException e) {
                    // Another fake kubelet bound it first, or it is gone.
                    if (e.code() != 409 && e.code() != 404) {
                        throw e;
                    }
                }
            }
            return Result.done();
        }
        if (!nodeName.equals(node) || isRunningAndReady(pod)) {
            return Result.done();
        }
        long now = System.nanoTime();
        long seen = firstSeenOnNode.computeIfAbsent(key, k -> now);
        long left = readyDelay.toNanos() - (now - seen);
        if (left > 0) {
            return Result.requeueAfter(Duration.ofNanos(left));
        }
        ignoreGone(() -> client.pods().patch(ns, name, PatchType.MERGE, Json.toJson(runningStatus(pod)), "status"));
        return Result.done();
    }

    private static boolean isRunningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static ObjectNode runningStatus(Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode patch = Json.newObject();
        ObjectNode status = patch.putObject("status");
        status.put("phase", "Running");
        status.put("hostIP", "127.0.0.1");
        int ip = IPS.getAndIncrement();
        status.put("podIP", "10.244." + ((ip >> 8) & 255) + "." + (ip & 255));
        status.put("startTime", now);
        ArrayNode conditions = status.putArray("conditions");
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            ObjectNode c = conditions.addObject();
            c.put("type", type);
            c.put("status", "True");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", now);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        List<Container> specContainers = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        for (Container c : specContainers) {
            ObjectNode cs = containers.addObject();
            cs.put("name", c.getName());
            cs.put("image", c.getImage());
            cs.put("imageID", "");
            cs.put("containerID", "fake://" + pod.getMetadata().getUid() + "/" + c.getName());
            cs.put("ready", true);
            cs.put("started", true);
            cs.put("restartCount", 0);
            cs.putObject("state").putObject("running").put("startedAt", now);
        }
        return patch;
    }

    private void registerNode() {
        if (client.nodes().find(null, nodeName).isEmpty()) {
            try {
                client.nodes().create(new NodeBuilder().withNewMetadata().withName(nodeName)
                        .addToLabels("kubernetes.io/hostname", nodeName).endMetadata().build());
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        Node node = client.nodes().get(null, nodeName);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        NodeCondition ready = new NodeConditionBuilder().withType("Ready").withStatus("True")
                .withReason("KubeletReady").withMessage("kubelet is posting ready status")
                .withLastHeartbeatTime(now.toString()).withLastTransitionTime(now.toString()).build();
        node = new NodeBuilder(node).editOrNewStatus().withConditions(ready).endStatus().build();
        client.nodes().updateStatus(node);
    }

    private void renewLease() {
        try {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            var leases = client.leases();
            var current = leases.find("kube-node-lease", nodeName);
            if (current.isEmpty()) {
                leases.create(new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace("kube-node-lease")
                        .endMetadata().withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(40)
                        .withRenewTime(now).endSpec().build());
            } else {
                Lease lease = current.get();
                lease.getSpec().setRenewTime(now);
                leases.update(lease);
            }
        } catch (RuntimeException e) {
            // The next beat tries again, as a kubelet would.
        }
    }

    private static void ignoreGone(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    public static final class Builder {
        private final ApiClient client;
        private final String nodeName;
        private Duration readyDelay = Duration.ZERO;
        private boolean bindUnscheduled = true;
        private boolean registerNode = true;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private String namespace;

        private Builder(ApiClient client, String nodeName) {
            this.client = client;
            this.nodeName = nodeName;
        }

        /** How long after a pod lands on the node it becomes Running and Ready (default at once). */
        public Builder readyDelay(Duration d) {
            this.readyDelay = d;
            return this;
        }

        /** Whether unscheduled pods are bound to this node (default true). */
        public Builder bindUnscheduled(boolean b) {
            this.bindUnscheduled = b;
            return this;
        }

        /** Whether the Node is created (Ready) and its Lease renewed (default true). */
        public Builder registerNode(boolean b) {
            this.registerNode = b;
            return this;
        }

        /** How often the node Lease is renewed (default 1 s). */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        /** Only look after pods in this namespace (default: all), so tests sharing a server stay apart. */
        public Builder namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        public FakeKubelet start() {
            return new FakeKubelet(this);
        }
    }
}
