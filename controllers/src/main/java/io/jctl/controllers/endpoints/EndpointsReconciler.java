package io.jctl.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;
import io.jctl.api.json.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the Endpoints of one Service (key {@code namespace/name}) equal to what its selected pods
 * give. A Service without a selector is left alone; when a Service is gone, Endpoints this
 * controller wrote (recognised by their trigger-time annotation) are deleted, while ones a user
 * created ahead of their Service stay.
 */
public final class EndpointsReconciler implements Reconciler {
    /** When the change that led to the current content happened, as Kubernetes records it. */
    public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final Indexer<Service> services;
    private final Indexer<Pod> pods;
    private final Indexer<Endpoints> endpoints;
    private final EndpointsWrites writes;
    private final Clock clock;

    public EndpointsReconciler(Indexer<Service> services, Indexer<Pod> pods, Indexer<Endpoints> endpoints,
                               EndpointsWrites writes, Clock clock) {
        this.services = services;
        this.pods = pods;
        this.endpoints = endpoints;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public Result reconcile(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        Service service = services.get(namespace, name);
        Endpoints current = endpoints.get(namespace, name);
        if (service == null) {
            if (current != null && isManaged(current)) {
                writes.delete(namespace, name);
            }
            return Result.done();
        }
        if (!ServiceSelectors.hasSelector(service)) {
            return Result.done();
        }
        List<Pod> selected = new ArrayList<>();
        for (Pod pod : pods.list(namespace)) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (ServiceSelectors.selects(service, labels)) {
                selected.add(pod);
            }
        }
        List<EndpointSubset> subsets = EndpointSubsets.compute(service, selected);
        Map<String, String> labels = labels(service);
        if (current != null && sameSubsets(current.getSubsets(), subsets)
                && Objects.equals(nonEmpty(current.getMetadata().getLabels()), labels)) {
            return Result.done();
        }
        String triggerTime = triggerTime(service, selected, current).toString();
        if (current == null) {
            writes.create(new EndpointsBuilder().withMetadata(new ObjectMetaBuilder().withName(name)
                            .withNamespace(namespace).withLabels(labels)
                            .withAnnotations(Map.of(TRIGGER_TIME_ANNOTATION, triggerTime)).build())
                    .withSubsets(subsets).build());
        } else {
            ObjectMeta meta = new ObjectMetaBuilder(current.getMetadata()).withLabels(labels).build();
            Map<String, String> annotations = new HashMap<>(nonEmpty(meta.getAnnotations()));
            annotations.put(TRIGGER_TIME_ANNOTATION, triggerTime);
            meta.setAnnotations(annotations);
            writes.update(new EndpointsBuilder().withMetadata(meta).withSubsets(subsets).build());
        }
        return Result.done();
    }

    private static boolean isManaged(Endpoints endpoints) {
        return endpoints.getMetadata().getAnnotations() != null
                && endpoints.getMetadata().getAnnotations().containsKey(TRIGGER_TIME_ANNOTATION);
    }

    /** The Service's labels, plus the headless marker for {@code clusterIP: None}, as Kubernetes copies them. */
    private static Map<String, String> labels(Service service) {
        Map<String, String> labels = new LinkedHashMap<>(nonEmpty(service.getMetadata().getLabels()));
        labels.remove(HEADLESS_LABEL);
        if ("None".equals(service.getSpec().getClusterIP())) {
            labels.put(HEADLESS_LABEL, "");
        }
        return labels;
    }

    private static boolean sameSubsets(List<EndpointSubset> a, List<EndpointSubset> b) {
        // As JSON: empty lists and absent ones, and the server's defaulting, compare equal.
        JsonNode left = Json.mapper().valueToTree(a == null ? List.of() : a);
        JsonNode right = Json.mapper().valueToTree(b);
        return left.equals(right);
    }

    /**
     * The latest change among the Service's creation and its pods' readiness transitions (or
     * creation); when that is not newer than what is recorded (a pod went away), now.
     */
    private Instant triggerTime(Service service, List<Pod> selected, Endpoints current) {
        Instant latest = parse(service.getMetadata().getCreationTimestamp());
        for (Pod pod : selected) {
            latest = max(latest, podChangeTime(pod));
        }
        Instant recorded = current == null || current.getMetadata().getAnnotations() == null ? null
                : parse(current.getMetadata().getAnnotations().get(TRIGGER_TIME_ANNOTATION));
        if (latest == null || (recorded != null && !latest.isAfter(recorded))) {
            return clock.instant();
        }
        return latest;
    }

    private static Instant podChangeTime(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    Instant t = parse(c.getLastTransitionTime());
                    if (t != null) {
                        return t;
                    }
                }
            }
        }
        return parse(pod.getMetadata().getCreationTimestamp());
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Instant parse(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> nonEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
