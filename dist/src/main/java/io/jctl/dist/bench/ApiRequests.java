package io.jctl.dist.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code apiserver_request_total} from the server's Prometheus text, summed by "VERB resource[/subresource]". */
final class ApiRequests {
    private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private ApiRequests() {
    }

    static Map<String, Long> parse(String prometheusText) {
        Map<String, Long> out = new TreeMap<>();
        parse(prometheusText, LINE).forEach((k, v) -> out.put(k, (long) (double) v));
        return out;
    }

    private static final Pattern DURATION_SUM = Pattern.compile("^apiserver_request_duration_seconds_sum\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern DURATION_COUNT = Pattern.compile("^apiserver_request_duration_seconds_count\\{([^}]*)}\\s+(\\S+)");

    /** Seconds spent serving, by "VERB resource" ({@code apiserver_request_duration_seconds_sum}). */
    static Map<String, Double> durationSums(String prometheusText) {
        return parse(prometheusText, DURATION_SUM);
    }

    /** Requests timed, by "VERB resource" ({@code apiserver_request_duration_seconds_count}). */
    static Map<String, Double> durationCounts(String prometheusText) {
        return parse(prometheusText, DURATION_COUNT);
    }

    private static Map<String, Double> parse(String prometheusText, Pattern pattern) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher m = pattern.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String verb = labels.getOrDefault("verb", "?");
            if (verb.equals("WATCH")) {
                continue; // counted when they end, so not per phase
            }
            String resource = labels.getOrDefault("resource", "");
            String sub = labels.getOrDefault("subresource", "");
            String key = verb + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
            try {
                out.merge(key, Double.parseDouble(m.group(2)), Double::sum);
            } catch (NumberFormatException e) {
                // NaN or the like: nothing to add
            }
        }
        return out;
    }

    private static final Pattern RECONCILE = Pattern.compile("^controller_reconcile_total\\{([^}]*)}\\s+(\\S+)");

    /** Reconciles by controller, all results ({@code controller_reconcile_total}). */
    static Map<String, Long> reconciles(String prometheusText) {
        Map<String, Long> out = new TreeMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher m = RECONCILE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Matcher l = LABEL.matcher(m.group(1));
            String controller = "?";
            while (l.find()) {
                if (l.group(1).equals("controller")) {
                    controller = l.group(2);
                }
            }
            try {
                out.merge(controller, (long) Double.parseDouble(m.group(2)), Long::sum);
            } catch (NumberFormatException e) {
                // NaN or the like: nothing to add
            }
        }
        return out;
    }

    /** {@code after - before}, entries that did not grow left out. */
    static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
