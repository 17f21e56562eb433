package io.jctl.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Marks a pod {@code PodScheduled=False, reason Unschedulable} with the scheduler's diagnosis,
 * through a strategic merge patch of {@code pods/status} (conditions merge by type). Nothing is
 * written when the pod already says the same, so retries of a stuck pod cost no writes.
 */
final class PodConditionUpdater implements AutoCloseable {
    static final String POD_SCHEDULED = "PodScheduled";
    static final String UNSCHEDULABLE = "Unschedulable";

    private final ApiClient client;
    private final AsyncWriter writer = new AsyncWriter("jctl-scheduler-status", 1000);

    PodConditionUpdater(ApiClient client) {
        this.client = client;
    }

    void unschedulable(Pod pod, String message) {
        PodCondition current = scheduledCondition(pod);
        if (current != null && "False".equals(current.getStatus()) && UNSCHEDULABLE.equals(current.getReason())
                && message.equals(current.getMessage())) {
            return;
        }
        String body = patch(current, message, Instant.now());
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        writer.submit(() -> {
            try {
                client.pods().patch(ns, name, PatchType.STRATEGIC, body, "status");
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        });
    }

    /** The patch; lastTransitionTime moves only when the condition's status changes. */
    static String patch(PodCondition current, String message, Instant now) {
        ObjectNode c = Json.newObject();
        c.put("type", POD_SCHEDULED);
        c.put("status", "False");
        c.put("reason", UNSCHEDULABLE);
        c.put("message", message);
        c.putNull("lastProbeTime");
        if (current == null || !"False".equals(current.getStatus())) {
            c.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        ObjectNode patch = Json.newObject();
        patch.putObject("status").putArray("conditions").add(c);
        return Json.toJson(patch);
    }

    static PodCondition scheduledCondition(Pod pod) {
        List<PodCondition> cs = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        if (cs != null) {
            for (PodCondition c : cs) {
                if (POD_SCHEDULED.equals(c.getType())) {
                    return c;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        writer.close();
    }
}
