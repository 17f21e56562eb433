package io.jctl.scheduler.framework;

import io.jctl.api.resources.Quantities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jctl.api.client.cache.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the plugins need of a pod, computed once per pod version: its resource requests (with the
 * init-container rule), host ports, controlling owner and priority. Immutable; the pod it wraps is
 * an informer's object and must not be changed either.
 */
public final class PodInfo {
    /** kube-scheduler's defaults for scoring containers that request nothing (not for fitting). */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final Pod pod;
    private final String key;
    private final long milliCpu;
    private final long memory;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<HostPorts.Port> hostPorts;
    private final String ownerUid;
    private final int priority;
    private final List<Toleration> tolerations;
    private final Toleration[] tolerationArray;
    private final boolean hasRequiredNodeConstraints;

    private PodInfo(Pod pod) {
        this.pod = pod;
        this.key = Keys.of(pod);
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        long[] req = requests(spec, false);
        long[] nz = requests(spec, true);
        this.milliCpu = req[0];
        this.memory = req[1];
        this.nonZeroMilliCpu = nz[0];
        this.nonZeroMemory = nz[1];
        this.hostPorts = hostPorts(spec);
        this.ownerUid = controllerUid(pod);
        this.priority = spec.getPriority() == null ? 0 : spec.getPriority();
        List<Toleration> t = spec.getTolerations();
        this.tolerations = t == null || t.isEmpty() ? List.of() : List.copyOf(t);
        this.tolerationArray = this.tolerations.toArray(new Toleration[0]);
        boolean selector = spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
        boolean required = spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
                && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
        this.hasRequiredNodeConstraints = selector || required;
    }

    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    public Pod pod() {
        return pod;
    }

    /** {@code namespace/name}. */
    public String key() {
        return key;
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public PodSpec spec() {
        return pod.getSpec() == null ? EMPTY_SPEC : pod.getSpec();
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    /** Requests with 100m cpu / 200Mi memory for containers that request nothing; used for scoring. */
    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<HostPorts.Port> hostPorts() {
        return hostPorts;
    }

    /** The uid of the controlling ownerReference (a ReplicaSet, say), or null. */
    public String ownerUid() {
        return ownerUid;
    }

    public int priority() {
        return priority;
    }

    public List<Toleration> tolerations() {
        return tolerations;
    }

    /** The tolerations as an array, for loops that must not allocate; do not modify. */
    public Toleration[] tolerationArray() {
        return tolerationArray;
    }

    /** A nodeSelector or required node affinity is set: the NodeAffinity filter has work to do. */
    public boolean hasRequiredNodeConstraints() {
        return hasRequiredNodeConstraints;
    }

    private static final PodSpec EMPTY_SPEC = new PodSpec();

    /**
     * Kubernetes' effective request: the sum over app containers (and restartable init containers,
     * i.e. sidecars), or the largest single init step if that is more, plus the pod overhead.
     */
    static long[] requests(PodSpec spec, boolean nonZero) {
        long cpu = 0;
        long mem = 0;
        for (Container c : list(spec.getContainers())) {
            cpu += cpu(c, nonZero);
            mem += mem(c, nonZero);
        }
        long sidecarCpu = 0;
        long sidecarMem = 0;
        long initCpu = 0;
        long initMem = 0;
        for (Container c : list(spec.getInitContainers())) {
            long ccpu = cpu(c, nonZero);
            long cmem = mem(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                sidecarCpu += ccpu;
                sidecarMem += cmem;
                cpu += ccpu;
                mem += cmem;
                ccpu = sidecarCpu;
                cmem = sidecarMem;
            } else {
                ccpu += sidecarCpu;
                cmem += sidecarMem;
            }
            initCpu = Math.max(initCpu, ccpu);
            initMem = Math.max(initMem, cmem);
        }
        cpu = Math.max(cpu, initCpu);
        mem = Math.max(mem, initMem);
        Map<String, Quantity> overhead = spec.getOverhead();
        if (overhead != null) {
            cpu += Quantities.milli(overhead, "cpu");
            mem += Quantities.whole(overhead, "memory");
        }
        return new long[] {cpu, mem};
    }

    private static long cpu(Container c, boolean nonZero) {
        Map<String, Quantity> r = requestsOf(c);
        if (nonZero && (r == null || !r.containsKey("cpu"))) {
            return DEFAULT_MILLI_CPU_REQUEST;
        }
        return Quantities.milli(r, "cpu");
    }

    private static long mem(Container c, boolean nonZero) {
        Map<String, Quantity> r = requestsOf(c);
        if (nonZero && (r == null || !r.containsKey("memory"))) {
            return DEFAULT_MEMORY_REQUEST;
        }
        return Quantities.whole(r, "memory");
    }

    private static Map<String, Quantity> requestsOf(Container c) {
        ResourceRequirements rr = c.getResources();
        return rr == null ? null : rr.getRequests();
    }

    private static List<HostPorts.Port> hostPorts(PodSpec spec) {
        List<HostPorts.Port> out = null;
        for (Container c : list(spec.getContainers())) {
            for (ContainerPort p : list(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(new HostPorts.Port(p.getHostIP(), p.getProtocol(), p.getHostPort()));
                }
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    private static String controllerUid(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController()) && r.getUid() != null && !r.getUid().isEmpty()) {
                return r.getUid();
            }
        }
        return null;
    }

    private static <E> List<E> list(List<E> l) {
        return l == null ? List.of() : l;
    }

    @Override
    public String toString() {
        return key;
    }
}
