package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

/**
 * Counts the Pods of a selector that are not terminating (no deletionTimestamp, not Succeeded or
 * Failed) after every watch event, from the informer's cache: each count is of one consistent state
 * of the store (the cache after a prefix of the event stream, or after a whole relist), so a
 * count above the bound is a real moment in which the cluster ran too many Pods.
 */
final class PodCensus implements AutoCloseable {
    private final SharedInformer<Pod> informer;
    private int max;
    private String atMax = "";
    private int events;

    PodCensus(ApiClient api, String namespace, String labelSelector) {
        this.informer = new SharedInformer<>(api.pods(), namespace, ListOptions.labelSelector(labelSelector));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                count();
            }

            @Override
            public void onUpdate(Pod oldObject, Pod p) {
                count();
            }

            @Override
            public void onDelete(Pod p) {
                count();
            }
        });
        informer.start();
        if (!informer.waitForSync(Duration.ofMinutes(1))) {
            informer.stop();
            throw new IllegalStateException("pods informer did not sync");
        }
    }

    static boolean terminating(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return p.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private synchronized void count() {
        events++;
        List<Pod> live = informer.list().stream().filter(p -> !terminating(p)).toList();
        if (live.size() > max) {
            max = live.size();
            TreeMap<String, Integer> byHash = new TreeMap<>();
            for (Pod p : live) {
                byHash.merge(String.valueOf(p.getMetadata().getLabels().get("pod-template-hash")), 1, Integer::sum);
            }
            atMax = "pods by template hash " + byHash;
        }
    }

    /** The most Pods not terminating at any one time since the census began. */
    synchronized int max() {
        return max;
    }

    synchronized String describeMax() {
        return max + " live pods (" + atMax + ") seen over " + events + " events";
    }

    synchronized int events() {
        return events;
    }

    @Override
    public void close() {
        informer.stop();
    }
}
