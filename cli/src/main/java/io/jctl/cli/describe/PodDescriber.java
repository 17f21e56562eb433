package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/** {@code kubectl describe pod}: placement, status, containers, conditions, volumes, QoS and Events. */
final class PodDescriber implements KindDescriber {
    private static final String MIRROR_POD = "kubernetes.io/config.mirror";

    @Override
    public String describe(ObjectNode pod, DescribeContext ctx) {
        JsonNode meta = Tree.at(pod, "metadata");
        JsonNode spec = Tree.at(pod, "spec");
        JsonNode status = Tree.at(pod, "status");
        Map<String, String> annotations = Tree.map(meta, "annotations");
        // Events of a pod are found without its kind; a mirror pod's under its static pod's uid.
        String uid = annotations.containsKey(MIRROR_POD) ? annotations.get(MIRROR_POD) : Tree.str(meta, "uid");
        List<ObjectNode> events = EventsSection.search(ctx, Tree.str(meta, "name"), Tree.str(meta, "namespace"), "", uid);

        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        if (Tree.has(spec, "priority")) {
            w.write(LEVEL_0, "Priority:\t%d\n", Tree.num(spec, "priority"));
        }
        if (!Tree.str(spec, "priorityClassName").isEmpty()) {
            w.write(LEVEL_0, "Priority Class Name:\t%s\n", Tree.str(spec, "priorityClassName"));
        }
        if (!Tree.str(spec, "runtimeClassName").isEmpty()) {
            w.write(LEVEL_0, "Runtime Class Name:\t%s\n", Tree.str(spec, "runtimeClassName"));
        }
        if (!Tree.str(spec, "serviceAccountName").isEmpty()) {
            w.write(LEVEL_0, "Service Account:\t%s\n", Tree.str(spec, "serviceAccountName"));
        }
        if (Tree.str(spec, "nodeName").isEmpty()) {
            w.write(LEVEL_0, "Node:\t<none>\n");
        } else {
            w.write(LEVEL_0, "Node:\t%s\n", Tree.str(spec, "nodeName") + "/" + Tree.str(status, "hostIP"));
        }
        if (Tree.has(status, "startTime")) {
            w.write(LEVEL_0, "Start Time:\t%s\n", ctx.time(Tree.str(status, "startTime")));
        }
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", annotations);
        String phase = Tree.str(status, "phase");
        if (Tree.has(meta, "deletionTimestamp") && !"Failed".equals(phase) && !"Succeeded".equals(phase)) {
            w.write(LEVEL_0, "Status:\tTerminating (lasts %s)\n", ctx.age(Tree.str(meta, "deletionTimestamp")));
            w.write(LEVEL_0, "Termination Grace Period:\t%ds\n", Tree.num(meta, "deletionGracePeriodSeconds"));
        } else {
            w.write(LEVEL_0, "Status:\t%s\n", phase);
        }
        if (!Tree.str(status, "reason").isEmpty()) {
            w.write(LEVEL_0, "Reason:\t%s\n", Tree.str(status, "reason"));
        }
        if (!Tree.str(status, "message").isEmpty()) {
            w.write(LEVEL_0, "Message:\t%s\n", Tree.str(status, "message"));
        }
        JsonNode seccomp = Tree.at(spec, "securityContext", "seccompProfile");
        if (Tree.has(seccomp)) {
            w.write(LEVEL_0, "SeccompProfile:\t%s\n", Tree.str(seccomp, "type"));
            if ("Localhost".equals(Tree.str(seccomp, "type"))) {
                w.write(LEVEL_0, "LocalhostProfile:\t%s\n", Tree.str(seccomp, "localhostProfile"));
            }
        }
        w.write(LEVEL_0, "IP:\t%s\n", Tree.str(status, "podIP"));
        List<JsonNode> ips = Tree.list(status, "podIPs");
        if (ips.isEmpty()) {
            w.write(LEVEL_0, "IPs:\t<none>\n");
        } else {
            w.write(LEVEL_0, "IPs:\n");
            for (JsonNode ip : ips) {
                w.write(LEVEL_1, "IP:\t%s\n", Tree.str(ip, "ip"));
            }
        }
        String controller = Owners.controllerOf(pod);
        if (!controller.isEmpty()) {
            w.write(LEVEL_0, "Controlled By:\t%s\n", controller);
        }
        if (!Tree.str(status, "nominatedNodeName").isEmpty()) {
            w.write(LEVEL_0, "NominatedNodeName:\t%s\n", Tree.str(status, "nominatedNodeName"));
        }
        if (Tree.has(spec, "resources")) {
            w.write(LEVEL_0, "Resources:\n");
            Containers.resources(Tree.at(spec, "resources"), w, LEVEL_1);
        }
        if (!Tree.list(spec, "initContainers").isEmpty()) {
            Containers.describe("Init Containers", Tree.list(spec, "initContainers"),
                    Tree.list(status, "initContainerStatuses"), pod, w, "", ctx);
        }
        Containers.describe("Containers", Tree.list(spec, "containers"), Tree.list(status, "containerStatuses"), pod, w, "", ctx);
        if (!Tree.list(spec, "ephemeralContainers").isEmpty()) {
            Containers.describe("Ephemeral Containers", Tree.list(spec, "ephemeralContainers"),
                    Tree.list(status, "ephemeralContainerStatuses"), pod, w, "", ctx);
        }
        List<JsonNode> conditions = Tree.list(status, "conditions");
        List<JsonNode> gates = Tree.list(spec, "readinessGates");
        if (!gates.isEmpty()) {
            w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
            for (JsonNode g : gates) {
                String type = Tree.str(g, "conditionType");
                String gateStatus = "<none>";
                for (JsonNode c : conditions) {
                    if (Tree.str(c, "type").equals(type)) {
                        gateStatus = Tree.str(c, "status");
                        break;
                    }
                }
                w.write(LEVEL_1, "%s \t%s \n", type, gateStatus);
            }
        }
        if (!conditions.isEmpty()) {
            w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
            for (JsonNode c : conditions) {
                w.write(LEVEL_1, "%s \t%s \n", Tree.str(c, "type"), Tree.str(c, "status"));
            }
        }
        Volumes.describe(Tree.list(spec, "volumes"), w, "");
        w.write(LEVEL_0, "QoS Class:\t%s\n", PodResources.qosClass(pod));
        Multiline.labels(w, "Node-Selectors", Tree.map(spec, "nodeSelector"));
        Multiline.tolerations(w, "Tolerations", Tree.list(spec, "tolerations"));
        PodTemplates.topologySpreadConstraints(Tree.list(spec, "topologySpreadConstraints"), w, "");
        EventsSection.print(w, events, ctx);
        return w.result();
    }
}
