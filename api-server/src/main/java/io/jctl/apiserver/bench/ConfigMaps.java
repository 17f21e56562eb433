package io.jctl.apiserver.bench;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies for the benchmark: ConfigMaps of about 1.5 KB with a few labels and data keys,
 * like small application configs. Built from a template so the client spends little CPU.
 */
final class ConfigMaps {
    /** A label that carries the watch write sequence number, found in events by byte search. */
    static final String SEQ_LABEL = "bench.jctl.io/seq";
    /** The sequence label of an object's first version (label values cannot be negative numbers). */
    static final String INITIAL = "initial";
    private static final String FILLER = filler(1100);

    private ConfigMaps() {
    }

    static byte[] namespace(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A ConfigMap; {@code resourceVersion} null for a create; {@code generation} varies the data. */
    static byte[] configMap(String namespace, String name, String resourceVersion, long generation) {
        StringBuilder b = new StringBuilder(1700);
        b.append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append('"');
        if (resourceVersion != null) {
            b.append(",\"resourceVersion\":\"").append(resourceVersion).append('"');
        }
        b.append(",\"labels\":{\"app\":\"bench\",\"tier\":\"config\",\"team\":\"platform\",\"")
                .append(SEQ_LABEL).append("\":\"").append(generation < 0 ? INITIAL : Long.toString(generation)).append("\"}")
                .append(",\"annotations\":{\"bench.jctl.io/purpose\":\"api-server benchmark\"}}")
                .append(",\"data\":{\"generation\":\"").append(generation).append('"')
                .append(",\"app.properties\":\"server.port=8080\\nlog.level=info\\nfeature.flags=a,b,c\\n\"")
                .append(",\"blob\":\"").append(FILLER).append("\"}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String filler(int n) {
        StringBuilder b = new StringBuilder(n);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt((i * 7 + 3) % alphabet.length()));
        }
        return b.toString();
    }
}
