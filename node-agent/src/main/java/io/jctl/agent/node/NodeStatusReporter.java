package io.jctl.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.jctl.agent.runtime.Times;
import io.jctl.api.client.ApiClient;
import io.jctl.api.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Registers the Node and keeps its status current: a status that changed is written at once,
 * an unchanged one only every {@code reportFrequency} (its heartbeat times refreshed), as the
 * kubelet's nodeStatusReportFrequency. A Node deleted meanwhile is registered again.
 */
public final class NodeStatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);

    /** Health of what the node needs to run pods: null when healthy, else why not. */
    public interface Health extends Supplier<String> {
    }

    private final ApiClient api;
    private final NodeSpecBuilder.Config config;
    private final MachineInfo machine;
    private final Health health;
    private final Duration reportFrequency;
    private volatile NodeStatus lastReported;
    private volatile Instant lastReportAt = Instant.EPOCH;
    private volatile String uid;
    private volatile String podCidr;

    public NodeStatusReporter(ApiClient api, NodeSpecBuilder.Config config, MachineInfo machine, Health health,
                              Duration reportFrequency) {
        this.api = api;
        this.config = config;
        this.machine = machine;
        this.health = health;
        this.reportFrequency = reportFrequency;
        this.podCidr = config.podCidr();
    }

    /** Creates the Node or brings an existing one up to date; returns the Node as stored. */
    public synchronized Node register() {
        Node want = NodeSpecBuilder.node(config, machine);
        NodeStatus status = currentStatus(null);
        want.setStatus(status);
        Node stored;
        try {
            stored = api.nodes().create(want);
            LOG.info("registered node {}", config.nodeName());
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
            stored = adopt(want);
            stored = writeStatus(stored.getMetadata().getName(), status);
        }
        lastReported = status;
        lastReportAt = Instant.now();
        uid = stored.getMetadata().getUid();
        if (stored.getSpec() != null && stored.getSpec().getPodCIDR() != null && !stored.getSpec().getPodCIDR().isEmpty()) {
            podCidr = stored.getSpec().getPodCIDR();
        }
        return stored;
    }

    /** Merges our labels, annotations and podCIDR into a Node that exists already (another agent run, or made by hand). */
    private Node adopt(Node want) {
        for (int attempt = 0; ; attempt++) {
            Node existing = api.nodes().get(null, config.nodeName());
            Map<String, String> labels = new LinkedHashMap<>(existing.getMetadata().getLabels() == null ? Map.of()
                    : existing.getMetadata().getLabels());
            boolean change = false;
            for (Map.Entry<String, String> l : want.getMetadata().getLabels().entrySet()) {
                change |= !Objects.equals(labels.put(l.getKey(), l.getValue()), l.getValue());
            }
            existing.getMetadata().setLabels(labels);
            Map<String, String> annotations = new LinkedHashMap<>(existing.getMetadata().getAnnotations() == null
                    ? Map.of() : existing.getMetadata().getAnnotations());
            for (Map.Entry<String, String> a : config.annotations().entrySet()) {
                change |= !Objects.equals(annotations.put(a.getKey(), a.getValue()), a.getValue());
            }
            existing.getMetadata().setAnnotations(annotations);
            if (existing.getSpec() != null && (existing.getSpec().getPodCIDR() == null || existing.getSpec().getPodCIDR().isEmpty())
                    && config.podCidr() != null) {
                existing.getSpec().setPodCIDR(config.podCidr());
                existing.getSpec().setPodCIDRs(new ArrayList<>(java.util.List.of(config.podCidr())));
                change = true;
            } else if (existing.getSpec() != null && config.podCidr() != null
                    && !config.podCidr().equals(existing.getSpec().getPodCIDR())) {
                LOG.warn("node {} has podCIDR {}; keeping it instead of {}", config.nodeName(),
                        existing.getSpec().getPodCIDR(), config.podCidr());
            }
            if (!change) {
                return existing;
            }
            try {
                return api.nodes().update(existing);
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** One heartbeat tick: writes the status if it changed or is due. */
    public void tick() {
        try {
            NodeStatus now = currentStatus(lastReported);
            boolean due = Duration.between(lastReportAt, Instant.now()).compareTo(reportFrequency) >= 0;
            if (!due && NodeSpecBuilder.sameIgnoringHeartbeat(now, lastReported)) {
                return;
            }
            writeStatus(config.nodeName(), now);
            lastReported = now;
            lastReportAt = Instant.now();
        } catch (ApiException e) {
            if (e.code() == 404) {
                LOG.warn("node {} is gone from the api-server; registering it again", config.nodeName());
                register();
                return;
            }
            LOG.warn("node {} status not written: {}", config.nodeName(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("node {} status not written: {}", config.nodeName(), e.toString());
        }
    }

    private NodeStatus currentStatus(NodeStatus previous) {
        String why = health.get();
        return NodeSpecBuilder.status(config, machine, why == null, why, previous, Times.rfc3339(Instant.now()));
    }

    private Node writeStatus(String name, NodeStatus status) {
        Node body = new Node();
        body.setApiVersion("v1");
        body.setKind("Node");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        body.setMetadata(meta);
        body.setStatus(status);
        return api.nodes().updateStatus(body);
    }

    public String nodeUid() {
        return uid;
    }

    /** The podCIDR in effect: the Node's own if it had one, else the configured one. */
    public String podCidr() {
        return podCidr;
    }

    public Map<String, io.fabric8.kubernetes.api.model.Quantity> allocatable() {
        return NodeSpecBuilder.allocatable(config, machine);
    }
}
