package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/**
 * {@code kubectl describe namespace}: status and conditions. kubectl adds resource quota and limit
 * range sections only when the server serves those kinds; jctl's does not, so they are left out,
 * as kubectl leaves them out against it. Namespaces show no Events.
 */
final class NamespaceDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode ns, DescribeContext ctx) {
        JsonNode meta = Tree.at(ns, "metadata");
        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "Status:\t%s\n", Tree.str(ns, "status", "phase"));
        List<JsonNode> conditions = Tree.list(ns, "status", "conditions");
        if (!conditions.isEmpty()) {
            w.write(LEVEL_0, "Conditions:\n");
            w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
            w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
            for (JsonNode c : conditions) {
                w.write(LEVEL_1, "%s\t%s\t%s\t%s\t%s\n", Tree.str(c, "type"), Tree.str(c, "status"),
                        ctx.time(Tree.str(c, "lastTransitionTime")), Tree.str(c, "reason"), Tree.str(c, "message"));
            }
        }
        return w.result();
    }
}
