package io.jctl.e2e.services;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch of requests to the web pods returned: one line per answered request, each
 * {@code hello from <pod>} (manifests/deploy.yaml's page), counted by pod.
 */
record Replies(Map<String, Integer> byPod, int answered, List<String> other) {
    private static final String PREFIX = "hello from ";

    static Replies parse(String output) {
        Map<String, Integer> byPod = new TreeMap<>();
        List<String> other = new java.util.ArrayList<>();
        int answered = 0;
        for (String line : output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (line.startsWith(PREFIX)) {
                byPod.merge(line.substring(PREFIX.length()), 1, Integer::sum);
                answered++;
            } else {
                other.add(line);
            }
        }
        return new Replies(byPod, answered, List.copyOf(other));
    }

    /**
     * The shell loop run in a client pod: {@code n} requests, each with a 2 s timeout ({@code timeout},
     * not {@code wget -T}: Debian's busybox 1.35 wget crashes with -T).
     */
    static String loop(int n, String url) {
        return "for i in $(seq " + n + "); do timeout 2 wget -qO- " + url + "; done";
    }
}
