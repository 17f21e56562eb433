package io.jctl.agent.runtime;

import java.util.Map;

/**
 * The labels and annotations the agent puts on sandboxes and containers, named as the kubelet
 * names them. The runtime must store them and return them unchanged in List and Status calls:
 * they are the only link from what runs back to its Pod after an agent restart.
 */
public final class RuntimeLabels {
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** "init" or "app". */
    public static final String CONTAINER_TYPE = "jctl.io/container-type";

    /** Annotation: a hash of the container spec, so that a changed spec restarts the container. */
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    /** Annotation: the grace period, so that an orphan (pod gone from the API) stops as gently. */
    public static final String GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    /** Annotation: the preStop exec command as JSON, for the same reason. */
    public static final String PRE_STOP = "io.kubernetes.container.preStopHandler";

    private RuntimeLabels() {
    }

    public static Map<String, String> pod(String namespace, String name, String uid) {
        return Map.of(POD_NAMESPACE, namespace, POD_NAME, name, POD_UID, uid);
    }

    public static Map<String, String> podKey(String namespace, String name) {
        return Map.of(POD_NAMESPACE, namespace, POD_NAME, name);
    }

    /** {@code namespace/name} of the pod a sandbox or container belongs to, or null. */
    public static String keyOf(Map<String, String> labels) {
        String ns = labels.get(POD_NAMESPACE);
        String name = labels.get(POD_NAME);
        return ns == null || name == null ? null : ns + "/" + name;
    }
}
