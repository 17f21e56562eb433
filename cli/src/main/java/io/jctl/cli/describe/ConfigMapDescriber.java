package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/**
 * {@code kubectl describe configmap}: every data value in full, binary data by size, and Events.
 * Keys are sorted (kubectl prints them in Go's random map order).
 */
final class ConfigMapDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode cm, DescribeContext ctx) {
        List<ObjectNode> events = EventsSection.about(ctx, cm);
        JsonNode meta = Tree.at(cm, "metadata");
        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "\nData\n====\n");
        new TreeMap<>(Tree.map(cm, "data")).forEach((k, v) -> {
            w.write(LEVEL_0, "%s:\n----\n", k);
            w.write(LEVEL_0, "%s\n", v);
            w.write(LEVEL_0, "\n");
        });
        w.write(LEVEL_0, "\nBinaryData\n====\n");
        new TreeMap<>(Tree.map(cm, "binaryData")).forEach((k, v) ->
                w.write(LEVEL_0, "%s: %d bytes\n", k, decodedLength(v)));
        w.write(LEVEL_0, "\n");
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    static int decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }
}
