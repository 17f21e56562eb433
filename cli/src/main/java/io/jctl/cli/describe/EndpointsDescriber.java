package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_2;

/** {@code kubectl describe endpoints}: each subset's ready and not-ready addresses and ports, and Events. */
final class EndpointsDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode ep, DescribeContext ctx) {
        List<ObjectNode> events = EventsSection.about(ctx, ep);
        JsonNode meta = Tree.at(ep, "metadata");
        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "Subsets:\n");
        for (JsonNode subset : Tree.list(ep, "subsets")) {
            w.write(LEVEL_1, "Addresses:\t%s\n", ips(Tree.list(subset, "addresses")));
            w.write(LEVEL_1, "NotReadyAddresses:\t%s\n", ips(Tree.list(subset, "notReadyAddresses")));
            List<JsonNode> ports = Tree.list(subset, "ports");
            if (!ports.isEmpty()) {
                w.write(LEVEL_1, "Ports:\n");
                w.write(LEVEL_2, "Name\tPort\tProtocol\n");
                w.write(LEVEL_2, "----\t----\t--------\n");
                for (JsonNode p : ports) {
                    String name = Tree.str(p, "name");
                    w.write(LEVEL_2, "%s\t%d\t%s\n", name.isEmpty() ? "<unset>" : name, Tree.num(p, "port"), Tree.str(p, "protocol"));
                }
            }
            w.write(LEVEL_0, "\n");
        }
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    private static String ips(List<JsonNode> addresses) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : addresses) {
            out.add(Tree.str(a, "ip"));
        }
        String joined = String.join(",", out);
        return joined.isEmpty() ? "<none>" : joined;
    }
}
