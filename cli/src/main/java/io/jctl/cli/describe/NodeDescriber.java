package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/**
 * {@code kubectl describe node}: roles, taints, its heartbeat Lease, conditions, capacity, system
 * info, the non-terminated Pods on it with what they request of it, and Events (recorded under
 * the node's uid by controllers and under its name by the node agent).
 */
final class NodeDescriber implements KindDescriber {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";
    private static final String LEASE_NAMESPACE = "kube-node-lease";

    @Override
    public String describe(ObjectNode node, DescribeContext ctx) {
        JsonNode meta = Tree.at(node, "metadata");
        JsonNode spec = Tree.at(node, "spec");
        JsonNode status = Tree.at(node, "status");
        String name = Tree.str(meta, "name");
        List<ObjectNode> pods = nonTerminatedPods(ctx, name);
        List<ObjectNode> events = new ArrayList<>(EventsSection.search(ctx, name, "", "Node", Tree.str(meta, "uid")));
        events.addAll(EventsSection.search(ctx, name, "", "Node", name));

        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", name);
        TreeSet<String> roles = roles(Tree.map(meta, "labels"));
        w.write(LEVEL_0, "Roles:\t%s\n", roles.isEmpty() ? "<none>" : String.join(",", roles));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "CreationTimestamp:\t%s\n", ctx.time(Tree.str(meta, "creationTimestamp")));
        Multiline.taints(w, "Taints", Tree.list(spec, "taints"));
        w.write(LEVEL_0, "Unschedulable:\t%s\n", Tree.bool(spec, "unschedulable"));
        lease(w, ctx, name);
        List<JsonNode> conditions = Tree.list(status, "conditions");
        if (!conditions.isEmpty()) {
            w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
            w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
            for (JsonNode c : conditions) {
                w.write(LEVEL_1, "%s \t%s \t%s \t%s \t%s \t%s\n", Tree.str(c, "type"), Tree.str(c, "status"),
                        ctx.time(Tree.str(c, "lastHeartbeatTime")), ctx.time(Tree.str(c, "lastTransitionTime")),
                        Tree.str(c, "reason"), Tree.str(c, "message"));
            }
        }
        w.write(LEVEL_0, "Addresses:\n");
        for (JsonNode a : Tree.list(status, "addresses")) {
            w.write(LEVEL_1, "%s:\t%s\n", Tree.str(a, "type"), Tree.str(a, "address"));
        }
        Map<String, String> capacity = Tree.map(status, "capacity");
        Map<String, String> allocatable = Tree.map(status, "allocatable");
        if (!capacity.isEmpty()) {
            w.write(LEVEL_0, "Capacity:\n");
            resourceList(w, capacity);
        }
        if (!allocatable.isEmpty()) {
            w.write(LEVEL_0, "Allocatable:\n");
            resourceList(w, allocatable);
        }
        JsonNode info = Tree.at(status, "nodeInfo");
        w.write(LEVEL_0, "System Info:\n");
        w.write(LEVEL_0, "  Machine ID:\t%s\n", Tree.str(info, "machineID"));
        w.write(LEVEL_0, "  System UUID:\t%s\n", Tree.str(info, "systemUUID"));
        w.write(LEVEL_0, "  Boot ID:\t%s\n", Tree.str(info, "bootID"));
        w.write(LEVEL_0, "  Kernel Version:\t%s\n", Tree.str(info, "kernelVersion"));
        w.write(LEVEL_0, "  OS Image:\t%s\n", Tree.str(info, "osImage"));
        w.write(LEVEL_0, "  Operating System:\t%s\n", Tree.str(info, "operatingSystem"));
        w.write(LEVEL_0, "  Architecture:\t%s\n", Tree.str(info, "architecture"));
        w.write(LEVEL_0, "  Container Runtime Version:\t%s\n", Tree.str(info, "containerRuntimeVersion"));
        w.write(LEVEL_0, "  Kubelet Version:\t%s\n", Tree.str(info, "kubeletVersion"));
        w.write(LEVEL_0, "  Kube-Proxy Version:\t%s\n", Tree.str(info, "kubeProxyVersion"));
        if (!Tree.str(spec, "podCIDR").isEmpty()) {
            w.write(LEVEL_0, "PodCIDR:\t%s\n", Tree.str(spec, "podCIDR"));
        }
        List<String> cidrs = Tree.strings(spec, "podCIDRs");
        if (!cidrs.isEmpty()) {
            w.write(LEVEL_0, "PodCIDRs:\t%s\n", String.join(",", cidrs));
        }
        if (!Tree.str(spec, "providerID").isEmpty()) {
            w.write(LEVEL_0, "ProviderID:\t%s\n", Tree.str(spec, "providerID"));
        }
        if (pods == null) {
            w.write(LEVEL_0, "Pods:\tnot authorized\n");
        } else {
            NodeAllocation.describe(pods, allocatable.isEmpty() ? capacity : allocatable, w, ctx);
        }
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    private static List<ObjectNode> nonTerminatedPods(DescribeContext ctx, String node) {
        List<ObjectNode> listed = ctx.tryList("v1", "Pod", null, null,
                "spec.nodeName=" + node + ",status.phase!=Succeeded,status.phase!=Failed");
        if (listed == null) {
            return null;
        }
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode p : listed) {
            String phase = Tree.str(p, "status", "phase");
            if (Tree.str(p, "spec", "nodeName").equals(node) && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                pods.add(p);
            }
        }
        return pods;
    }

    private static void lease(PrefixWriter w, DescribeContext ctx, String node) {
        ObjectNode lease = null;
        for (ObjectNode l : ctx.listOrEmpty("coordination.k8s.io/v1", "Lease", LEASE_NAMESPACE, null, "metadata.name=" + node)) {
            if (Tree.str(l, "metadata", "name").equals(node)) {
                lease = l;
            }
        }
        if (lease == null) {
            w.write(LEVEL_0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"%s\" not found\n", node);
            return;
        }
        JsonNode spec = Tree.at(lease, "spec");
        w.write(LEVEL_0, "Lease:\n");
        w.write(LEVEL_1, "HolderIdentity:\t%s\n", Tree.has(spec, "holderIdentity") ? Tree.str(spec, "holderIdentity") : "<unset>");
        w.write(LEVEL_1, "AcquireTime:\t%s\n", Tree.has(spec, "acquireTime") ? ctx.time(Tree.str(spec, "acquireTime")) : "<unset>");
        w.write(LEVEL_1, "RenewTime:\t%s\n", Tree.has(spec, "renewTime") ? ctx.time(Tree.str(spec, "renewTime")) : "<unset>");
    }

    private static TreeSet<String> roles(Map<String, String> labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((k, v) -> {
            if (k.startsWith(ROLE_PREFIX)) {
                String role = k.substring(ROLE_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (k.equals(ROLE_LABEL) && !v.isEmpty()) {
                roles.add(v);
            }
        });
        return roles;
    }

    private static void resourceList(PrefixWriter w, Map<String, String> resources) {
        new TreeMap<>(resources).forEach((k, v) -> w.write(LEVEL_0, "  %s:\t%s\n", k, Quantity.parse(v)));
    }
}
