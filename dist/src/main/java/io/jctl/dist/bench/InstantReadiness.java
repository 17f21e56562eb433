package io.jctl.dist.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
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

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Stands in for node agents with nothing to run (hollow nodes): binds unscheduled Pods of one
 * namespace to one node, marks bound Pods Running and Ready at once, and confirms graceful
 * deletions, through the API like a kubelet. One status patch per Pod is the least a real node
 * would write.
 */
final class InstantReadiness implements AutoCloseable {
    private final ApiClient client;
    private final String node;
    private final SharedInformer<Pod> pods;
    private final Controller controller;

    InstantReadiness(ApiClient client, String namespace, String node, int workers) {
        this.client = client;
        this.node = node;
        this.pods = new SharedInformer<>(client.pods(), namespace, ListOptions.all());
        this.controller = Controller.builder("instant-readiness", this::sync).workers(workers).primary(pods).build();
    }

    void start() {
        controller.start();
        pods.start();
    }

    private Result sync(String key) {
        Pod pod = pods.get(Keys.namespace(key), Keys.name(key));
        if (pod == null) {
            return Result.done();
        }
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                client.pods().delete(ns, name, DeleteOptions.defaults().withGracePeriodSeconds(0L)
                        .withPreconditions(pod.getMetadata().getUid(), null));
            } else if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
                client.bindPod(ns, name, node);
            } else if (!ready(pod)) {
                client.pods().patch(ns, name, PatchType.MERGE, Json.toJson(runningAndReady()), "status");
            }
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
        return Result.done();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static ObjectNode runningAndReady() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode patch = Json.newObject();
        ObjectNode status = patch.putObject("status");
        status.put("phase", "Running");
        status.put("startTime", now);
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
        }
        return patch;
    }

    @Override
    public void close() {
        controller.stop();
        pods.stop();
    }
}
