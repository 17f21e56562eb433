package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/**
 * {@code kubectl describe secret}: the type and each key's size, never a value (except a
 * service-account token, which kubectl shows). Keys sorted; Secrets show no Events.
 */
final class SecretDescriber implements KindDescriber {
    @Override
    public String describe(ObjectNode secret, DescribeContext ctx) {
        JsonNode meta = Tree.at(secret, "metadata");
        String type = Tree.str(secret, "type");
        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(meta, "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(meta, "namespace"));
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "\nType:\t%s\n", type);
        w.write(LEVEL_0, "\nData\n====\n");
        new TreeMap<>(Tree.map(secret, "data")).forEach((k, v) -> {
            if ("token".equals(k) && "kubernetes.io/service-account-token".equals(type)) {
                w.write(LEVEL_0, "%s:\t%s\n", k, decode(v));
            } else {
                w.write(LEVEL_0, "%s:\t%d bytes\n", k, ConfigMapDescriber.decodedLength(v));
            }
        });
        return w.result();
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }
}
