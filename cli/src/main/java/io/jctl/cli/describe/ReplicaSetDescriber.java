package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/** {@code kubectl describe replicaset}: replicas, the phases of the Pods it controls, pod template, Events. */
final class ReplicaSetDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode rs, DescribeContext ctx) {
        JsonNode meta = Tree.at(rs, "metadata");
        JsonNode spec = Tree.at(rs, "spec");
        JsonNode status = Tree.at(rs, "status");
        JsonNode selector = Tree.at(spec, "selector");
        List<ObjectNode> pods = ctx.tryList("v1", "Pod", Tree.str(meta, "namespace"), Selectors.string(selector), null);
        List<ObjectNode> events = EventsSection.about(ctx, rs);

        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        w.write(LEVEL_0, "Selector:\t%s\n", Selectors.format(selector));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        String controller = Owners.controllerOf(rs);
        if (!controller.isEmpty()) {
            w.write(LEVEL_0, "Controlled By:\t%s\n", controller);
        }
        w.write(LEVEL_0, "Replicas:\t%d current / %d desired\n", Tree.num(status, "replicas"), Tree.num(spec, "replicas"));
        w.write(LEVEL_0, "Pods Status:\t");
        if (pods == null) {
            w.write(LEVEL_0, "error in fetching pods\n");
        } else {
            w.write(LEVEL_0, "%s\n", PodPhases.count(pods, selector, Tree.str(meta, "uid")));
        }
        PodTemplates.describe(Tree.at(spec, "template"), w, ctx);
        ControllerConditions.print(w, status);
        EventsSection.print(w, events, ctx);
        return w.result();
    }
}
