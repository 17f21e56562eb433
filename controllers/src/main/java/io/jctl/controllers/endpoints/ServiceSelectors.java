package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.controller.KeyMapper;
import io.jctl.api.selector.LabelSelector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Maps a pod to the Services in its namespace whose selector matches its labels, as
 * Kubernetes' {@code GetPodServiceMemberships}. A Service without a selector (or with an empty
 * one) selects nothing: its Endpoints are the user's.
 */
final class ServiceSelectors implements KeyMapper<Pod> {
    private final Indexer<Service> services;

    ServiceSelectors(Indexer<Service> services) {
        this.services = services;
    }

    @Override
    public Collection<String> keys(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<String> keys = new ArrayList<>();
        for (Service svc : services.list(pod.getMetadata().getNamespace())) {
            if (selects(svc, labels)) {
                keys.add(Keys.of(svc));
            }
        }
        return keys;
    }

    static boolean hasSelector(Service svc) {
        return svc.getSpec() != null && svc.getSpec().getSelector() != null && !svc.getSpec().getSelector().isEmpty();
    }

    static boolean selects(Service svc, Map<String, String> podLabels) {
        return hasSelector(svc) && LabelSelector.fromLabels(svc.getSpec().getSelector()).matches(podLabels);
    }
}
