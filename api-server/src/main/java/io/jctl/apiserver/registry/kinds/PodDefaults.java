package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * core/v1 defaulting of pod specs ({@code SetDefaults_PodSpec}, {@code SetDefaults_Container}
 * and friends). Pods get a little more than pod templates, as in Kubernetes: service links,
 * requests copied from limits and host ports under host networking.
 */
public final class PodDefaults {
    static final int DEFAULT_FILE_MODE = 0644;

    private PodDefaults() {
    }

    /** Defaults of a Pod's own spec. */
    public static void pod(PodSpec spec) {
        template(spec);
        for (Container c : list(spec.getContainers())) {
            requestsFromLimits(c);
        }
        for (Container c : list(spec.getInitContainers())) {
            requestsFromLimits(c);
        }
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            hostPortsFromContainerPorts(spec.getContainers());
            hostPortsFromContainerPorts(spec.getInitContainers());
        }
    }

    /** Defaults of a pod template's spec, as in Deployments and ReplicaSets. */
    public static void template(PodSpec spec) {
        if (spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty()) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getRestartPolicy() == null || spec.getRestartPolicy().isEmpty()) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getSchedulerName() == null || spec.getSchedulerName().isEmpty()) {
            spec.setSchedulerName("default-scheduler");
        }
        list(spec.getContainers()).forEach(PodDefaults::container);
        list(spec.getInitContainers()).forEach(PodDefaults::container);
        list(spec.getVolumes()).forEach(PodDefaults::volume);
    }

    static void container(Container c) {
        if (c.getImagePullPolicy() == null || c.getImagePullPolicy().isEmpty()) {
            c.setImagePullPolicy(pullPolicyFor(c.getImage()));
        }
        if (c.getTerminationMessagePath() == null || c.getTerminationMessagePath().isEmpty()) {
            c.setTerminationMessagePath("/dev/termination-log");
        }
        if (c.getTerminationMessagePolicy() == null || c.getTerminationMessagePolicy().isEmpty()) {
            c.setTerminationMessagePolicy("File");
        }
        for (ContainerPort p : list(c.getPorts())) {
            if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
                p.setProtocol("TCP");
            }
        }
        for (EnvVar e : list(c.getEnv())) {
            if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                    && e.getValueFrom().getFieldRef().getApiVersion() == null) {
                e.getValueFrom().getFieldRef().setApiVersion("v1");
            }
        }
        probe(c.getLivenessProbe());
        probe(c.getReadinessProbe());
        probe(c.getStartupProbe());
        Lifecycle lc = c.getLifecycle();
        if (lc != null) {
            handler(lc.getPostStart());
            handler(lc.getPreStop());
        }
    }

    /** {@code Always} for {@code :latest} or no tag, else {@code IfNotPresent} (digests included). */
    public static String pullPolicyFor(String image) {
        if (image == null || image.isBlank()) {
            return "IfNotPresent";
        }
        String ref = image.trim();
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        String name = digest ? ref.substring(0, at) : ref;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String tag = colon > slash ? name.substring(colon + 1) : "";
        if (tag.isEmpty() && !digest) {
            tag = "latest";
        }
        return tag.equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void probe(Probe p) {
        if (p == null) {
            return;
        }
        if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
            p.setTimeoutSeconds(1);
        }
        if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
            p.setPeriodSeconds(10);
        }
        if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
            p.setSuccessThreshold(1);
        }
        if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
            p.setFailureThreshold(3);
        }
        httpGet(p.getHttpGet());
    }

    private static void handler(LifecycleHandler h) {
        if (h != null) {
            httpGet(h.getHttpGet());
        }
    }

    private static void httpGet(HTTPGetAction h) {
        if (h == null) {
            return;
        }
        if (h.getPath() == null || h.getPath().isEmpty()) {
            h.setPath("/");
        }
        if (h.getScheme() == null || h.getScheme().isEmpty()) {
            h.setScheme("HTTP");
        }
    }

    private static void volume(Volume v) {
        if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
            v.getConfigMap().setDefaultMode(DEFAULT_FILE_MODE);
        }
        if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
            v.getSecret().setDefaultMode(DEFAULT_FILE_MODE);
        }
        if (v.getDownwardAPI() != null && v.getDownwardAPI().getDefaultMode() == null) {
            v.getDownwardAPI().setDefaultMode(DEFAULT_FILE_MODE);
        }
        if (v.getProjected() != null && v.getProjected().getDefaultMode() == null) {
            v.getProjected().setDefaultMode(DEFAULT_FILE_MODE);
        }
        if (v.getHostPath() != null && v.getHostPath().getType() == null) {
            v.getHostPath().setType("");
        }
    }

    private static void requestsFromLimits(Container c) {
        ResourceRequirements r = c.getResources();
        if (r == null || r.getLimits() == null || r.getLimits().isEmpty()) {
            return;
        }
        Map<String, Quantity> requests = r.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getRequests());
        r.getLimits().forEach((k, v) -> requests.putIfAbsent(k, v));
        r.setRequests(requests);
    }

    private static void hostPortsFromContainerPorts(List<Container> containers) {
        for (Container c : list(containers)) {
            for (ContainerPort p : list(c.getPorts())) {
                if (p.getHostPort() == null || p.getHostPort() == 0) {
                    p.setHostPort(p.getContainerPort());
                }
            }
        }
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
