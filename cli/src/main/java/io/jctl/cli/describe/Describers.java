package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Map;

/**
 * {@code jctl describe}: an object in kubectl 1.32's describe layout, with the related objects
 * and Events kubectl shows, looked up through a {@link DescribeSource}. Kinds without a layout of
 * their own print in kubectl's generic layout.
 */
public final class Describers {
    private static final Map<String, KindDescriber> BY_GROUP_KIND = Map.ofEntries(
            Map.entry("/Pod", new PodDescriber()),
            Map.entry("/Service", new ServiceDescriber()),
            Map.entry("/Node", new NodeDescriber()),
            Map.entry("/Namespace", new NamespaceDescriber()),
            Map.entry("/ConfigMap", new ConfigMapDescriber()),
            Map.entry("/Secret", new SecretDescriber()),
            Map.entry("/Endpoints", new EndpointsDescriber()),
            Map.entry("/Event", new EventDescriber()),
            Map.entry("apps/Deployment", new DeploymentDescriber()),
            Map.entry("apps/ReplicaSet", new ReplicaSetDescriber()),
            Map.entry("coordination.k8s.io/Lease", new LeaseDescriber()));
    private static final KindDescriber GENERIC = new GenericDescriber();

    private Describers() {
    }

    /** Describes {@code obj} with ages relative to the system clock, times in the local zone. */
    public static String describe(ObjectNode obj, DescribeSource source) {
        return describe(obj, source, Clock.systemDefaultZone());
    }

    /** Describes {@code obj}; ages are relative to {@code clock}, timestamps print in its zone. */
    public static String describe(ObjectNode obj, DescribeSource source, Clock clock) {
        return describerFor(Tree.str(obj, "apiVersion"), Tree.str(obj, "kind")).describe(obj, new DescribeContext(source, clock));
    }

    static KindDescriber describerFor(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return BY_GROUP_KIND.getOrDefault(group + "/" + kind, GENERIC);
    }
}
