package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.jctl.api.client.cache.ResourceEventHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * When the benchmark's watch first saw each Pod exist, bound to a node, Running and Ready, and
 * when it saw it go: the stage a slow phase is stuck in shows in which of these lags.
 */
final class PodTimeline implements ResourceEventHandler<Pod> {
    /** One pod's milestones in System.nanoTime(); 0 while not reached. */
    static final class Entry {
        final String image;
        final long seen;
        volatile long scheduled;
        volatile long running;
        volatile long ready;
        volatile long gone;

        Entry(String image, long seen) {
            this.image = image;
            this.seen = seen;
        }
    }

    /** A stage's progress: nanoseconds from the phase start until 10 %, 50 %, 90 % and all of {@code n} pods reached it. */
    record Progress(String stage, long[] nanos) {
    }

    private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

    @Override
    public void onAdd(Pod pod) {
        observe(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod now) {
        observe(now);
    }

    @Override
    public void onDelete(Pod pod) {
        Entry e = byUid.get(pod.getMetadata().getUid());
        if (e != null && e.gone == 0) {
            e.gone = System.nanoTime();
        }
    }

    private void observe(Pod pod) {
        long now = System.nanoTime();
        Entry e = byUid.computeIfAbsent(pod.getMetadata().getUid(), u -> new Entry(image(pod), now));
        if (e.scheduled == 0 && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            e.scheduled = now;
        }
        if (e.running == 0 && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
            e.running = now;
        }
        if (e.ready == 0 && ready(pod)) {
            e.ready = now;
        }
    }

    private static String image(Pod pod) {
        return pod.getSpec().getContainers().isEmpty() ? "" : pod.getSpec().getContainers().get(0).getImage();
    }

    private static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** Pods not yet gone with this image (null: any) that are Running and Ready. */
    int readyLive(String image) {
        int n = 0;
        for (Entry e : byUid.values()) {
            if (e.gone == 0 && e.ready != 0 && (image == null || image.equals(e.image))) {
                n++;
            }
        }
        return n;
    }

    /** Pods not yet gone with this image (null: any) that are Running. */
    int runningLive(String image) {
        int n = 0;
        for (Entry e : byUid.values()) {
            if (e.gone == 0 && e.running != 0 && (image == null || image.equals(e.image))) {
                n++;
            }
        }
        return n;
    }

    /** Pods not yet gone, of any image. */
    int live() {
        int n = 0;
        for (Entry e : byUid.values()) {
            if (e.gone == 0) {
                n++;
            }
        }
        return n;
    }

    /** Pods with {@code image} first seen at or after {@code since}: how their stages progressed towards {@code n}. */
    List<Progress> progress(String image, long since, int n) {
        List<Entry> mine = byUid.values().stream().filter(e -> e.seen >= since && image.equals(e.image)).toList();
        List<Progress> out = new ArrayList<>();
        out.add(stage("created", mine, e -> e.seen, since, n));
        out.add(stage("scheduled", mine, e -> e.scheduled, since, n));
        out.add(stage("running", mine, e -> e.running, since, n));
        out.add(stage("ready", mine, e -> e.ready, since, n));
        return out;
    }

    /** Pods alive at {@code since} (of any image): when 10 %, 50 %, 90 % and all of them were gone. */
    Progress removal(long since, int n) {
        List<Entry> mine = byUid.values().stream().filter(e -> e.seen < since && (e.gone == 0 || e.gone >= since)).toList();
        return stage("gone", mine, e -> e.gone, since, n);
    }

    private static Progress stage(String name, List<Entry> entries, ToLongFunction<Entry> at, long since, int n) {
        long[] times = entries.stream().mapToLong(at).filter(t -> t != 0).map(t -> t - since).sorted().toArray();
        double[] fractions = {0.1, 0.5, 0.9, 1.0};
        long[] out = new long[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            int k = (int) Math.ceil(fractions[i] * n);
            out[i] = k == 0 ? 0 : k <= times.length ? times[k - 1] : -1;
        }
        return new Progress(name, out);
    }
}
