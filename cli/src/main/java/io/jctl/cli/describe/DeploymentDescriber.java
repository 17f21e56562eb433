package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/** {@code kubectl describe deployment}: replicas, strategy, pod template, conditions, its ReplicaSets and Events. */
final class DeploymentDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode d, DescribeContext ctx) {
        List<ObjectNode> events = EventsSection.about(ctx, d);
        DeploymentReplicaSets replicaSets = DeploymentReplicaSets.of(d, ctx);
        JsonNode meta = Tree.at(d, "metadata");
        JsonNode spec = Tree.at(d, "spec");
        JsonNode status = Tree.at(d, "status");

        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        w.write(LEVEL_0, "CreationTimestamp:\t%s\n", ctx.time(Tree.str(meta, "creationTimestamp")));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "Selector:\t%s\n", Selectors.string(Tree.at(spec, "selector")));
        w.write(LEVEL_0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n",
                Tree.num(spec, "replicas"), Tree.num(status, "updatedReplicas"), Tree.num(status, "replicas"),
                Tree.num(status, "availableReplicas"), Tree.num(status, "unavailableReplicas"));
        w.write(LEVEL_0, "StrategyType:\t%s\n", Tree.str(spec, "strategy", "type"));
        w.write(LEVEL_0, "MinReadySeconds:\t%d\n", Tree.num(spec, "minReadySeconds"));
        if (Tree.has(spec, "strategy", "rollingUpdate")) {
            JsonNode ru = Tree.at(spec, "strategy", "rollingUpdate");
            w.write(LEVEL_0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n",
                    intOrString(Tree.at(ru, "maxUnavailable")), intOrString(Tree.at(ru, "maxSurge")));
        }
        PodTemplates.describe(Tree.at(spec, "template"), w, ctx);
        ControllerConditions.print(w, status);
        if (replicaSets != null && (replicaSets.newReplicaSet != null || !replicaSets.oldReplicaSets.isEmpty())) {
            w.write(LEVEL_0, "OldReplicaSets:\t%s\n", DeploymentReplicaSets.summary(replicaSets.oldReplicaSets));
            w.write(LEVEL_0, "NewReplicaSet:\t%s\n", DeploymentReplicaSets.summary(
                    replicaSets.newReplicaSet == null ? List.of() : List.of(replicaSets.newReplicaSet)));
        }
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    /** {@code intstr.IntOrString.String()}: an unset one prints 0. */
    private static String intOrString(JsonNode n) {
        String s = Tree.text(n);
        return s.isEmpty() && !n.isTextual() ? "0" : s;
    }
}
