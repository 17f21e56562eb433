package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of the downward-API fields an environment variable can name, resolved against the
 * described pod the way the kubelet would, so describe shows what the container sees.
 */
final class PodFields {
    private static final Pattern SUBSCRIPT = Pattern.compile("^metadata\\.(labels|annotations)\\['(.*)'\\]$");

    private PodFields() {
    }

    static String value(JsonNode pod, String path) {
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
            return Tree.map(pod, "metadata", m.group(1)).getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> Tree.str(pod, "metadata", "name");
            case "metadata.namespace" -> Tree.str(pod, "metadata", "namespace");
            case "metadata.uid" -> Tree.str(pod, "metadata", "uid");
            case "metadata.labels" -> formatMap(pod, "labels");
            case "metadata.annotations" -> formatMap(pod, "annotations");
            case "spec.nodeName" -> Tree.str(pod, "spec", "nodeName");
            case "spec.serviceAccountName" -> Tree.str(pod, "spec", "serviceAccountName");
            case "status.hostIP" -> Tree.str(pod, "status", "hostIP");
            case "status.podIP" -> Tree.str(pod, "status", "podIP");
            case "status.hostIPs" -> ips(pod, "hostIPs");
            case "status.podIPs" -> ips(pod, "podIPs");
            default -> "";
        };
    }

    private static String formatMap(JsonNode pod, String field) {
        List<String> lines = new ArrayList<>();
        new java.util.TreeMap<>(Tree.map(pod, "metadata", field)).forEach((k, v) -> lines.add(k + "=" + GoQuote.quote(v)));
        return String.join("\n", lines);
    }

    private static String ips(JsonNode pod, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode ip : Tree.list(pod, "status", field)) {
            out.add(Tree.str(ip, "ip"));
        }
        return String.join(",", out);
    }

    /** {@code resource.ExtractContainerResourceValue}: the request or limit divided by the divisor, rounded up. */
    static String containerResource(JsonNode container, JsonNode ref) {
        String resource = Tree.str(ref, "resource");
        String divisorText = Tree.text(Tree.at(ref, "divisor"));
        Quantity divisor = divisorText.isEmpty() ? Quantity.parse("1") : Quantity.parse(divisorText);
        int dot = resource.indexOf('.');
        if (dot < 0) {
            return "";
        }
        String kind = resource.substring(0, dot);
        String name = resource.substring(dot + 1);
        Quantity q = Quantity.parse(Tree.map(container, "resources", kind).getOrDefault(name, "0"));
        if (divisor.isZero()) {
            divisor = Quantity.parse("1");
        }
        if ("cpu".equals(name)) {
            BigDecimal v = BigDecimal.valueOf(q.milliValue()).divide(BigDecimal.valueOf(divisor.milliValue()), 0, RoundingMode.CEILING);
            return v.toPlainString();
        }
        BigDecimal v = BigDecimal.valueOf(q.value()).divide(BigDecimal.valueOf(divisor.value()), 0, RoundingMode.CEILING);
        return v.toPlainString();
    }
}
