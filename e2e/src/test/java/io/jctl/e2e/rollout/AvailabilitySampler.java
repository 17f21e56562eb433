package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every state of one Deployment's status that a watch delivers (through an informer, so that it
 * lists again and carries on when the server comes back), as {@code generation/observed
 * available/updated/replicas} samples.
 */
final class AvailabilitySampler implements AutoCloseable {
    /** One status as a watcher saw it. */
    record Sample(String resourceVersion, Integer availableReplicas, Integer updatedReplicas, Integer replicas) {
        int available() {
            return availableReplicas == null ? 0 : availableReplicas;
        }
    }

    private final String name;
    private final SharedInformer<Deployment> informer;
    private final List<Sample> samples = new ArrayList<>();

    AvailabilitySampler(ApiClient api, String namespace, String name) {
        this.name = name;
        this.informer = new SharedInformer<>(api.deployments(), namespace, ListOptions.all());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                record(d);
            }

            @Override
            public void onUpdate(Deployment oldObject, Deployment d) {
                record(d);
            }
        });
        informer.start();
        if (!informer.waitForSync(Duration.ofMinutes(1))) {
            informer.stop();
            throw new IllegalStateException("deployments informer did not sync");
        }
    }

    private void record(Deployment d) {
        if (!name.equals(d.getMetadata().getName()) || d.getStatus() == null) {
            return;
        }
        synchronized (samples) {
            samples.add(new Sample(d.getMetadata().getResourceVersion(), d.getStatus().getAvailableReplicas(),
                    d.getStatus().getUpdatedReplicas(), d.getStatus().getReplicas()));
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        informer.stop();
    }
}
