package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.Session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pod a {@code logs} or {@code exec} argument names ({@code POD}, {@code pod/NAME},
 * {@code deploy/NAME}, {@code rs/NAME}) and the container within it, with kubectl's choices and
 * messages: for a workload the best pod to read from by kubectl's ByLogging order ("Found 3 pods,
 * using pod/…"), and without {@code -c} the annotated default or the first container
 * ("Defaulted container …").
 */
final class PodTargets {
    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";
    private static final Map<String, String> WORKLOADS = Map.ofEntries(
            Map.entry("deploy", "/apis/apps/v1/namespaces/%s/deployments/%s"),
            Map.entry("deployment", "/apis/apps/v1/namespaces/%s/deployments/%s"),
            Map.entry("deployments", "/apis/apps/v1/namespaces/%s/deployments/%s"),
            Map.entry("deployment.apps", "/apis/apps/v1/namespaces/%s/deployments/%s"),
            Map.entry("deployments.apps", "/apis/apps/v1/namespaces/%s/deployments/%s"),
            Map.entry("rs", "/apis/apps/v1/namespaces/%s/replicasets/%s"),
            Map.entry("replicaset", "/apis/apps/v1/namespaces/%s/replicasets/%s"),
            Map.entry("replicasets", "/apis/apps/v1/namespaces/%s/replicasets/%s"),
            Map.entry("replicaset.apps", "/apis/apps/v1/namespaces/%s/replicasets/%s"),
            Map.entry("replicasets.apps", "/apis/apps/v1/namespaces/%s/replicasets/%s"));

    private PodTargets() {
    }

    /** The pod {@code arg} names, fetched from the server. */
    static ObjectNode pod(Session s, String arg) {
        String ns = s.namespace();
        int slash = arg.indexOf('/');
        if (slash < 0) {
            return s.http().get(podPath(ns, arg));
        }
        String type = arg.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = arg.substring(slash + 1);
        if (List.of("po", "pod", "pods").contains(type)) {
            return s.http().get(podPath(ns, name));
        }
        String path = WORKLOADS.get(type);
        if (path == null) {
            throw new CliException("error: cannot attach to " + type + "/" + name
                    + ": give a pod, deploy/NAME or rs/NAME");
        }
        ObjectNode workload = s.http().get(String.format(path, ns, name));
        String selector = selector(workload.path("spec").path("selector"));
        JsonNode items = s.http().get("/api/v1/namespaces/" + ns + "/pods?labelSelector="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8)).path("items");
        List<ObjectNode> pods = new ArrayList<>();
        items.forEach(p -> pods.add((ObjectNode) p));
        if (pods.isEmpty()) {
            throw new CliException("error: " + type + "/" + name + " has no pods (selector " + selector + ")");
        }
        pods.sort(BY_LOGGING);
        ObjectNode chosen = pods.get(0);
        if (pods.size() > 1) {
            s.err().println("Found " + pods.size() + " pods, using pod/" + chosen.path("metadata").path("name").asText());
        }
        return chosen;
    }

    static String podPath(String ns, String name) {
        return "/api/v1/namespaces/" + ns + "/pods/" + name;
    }

    /** matchLabels and matchExpressions as a label selector string. */
    static String selector(JsonNode sel) {
        List<String> parts = new ArrayList<>();
        sel.path("matchLabels").fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode e : sel.path("matchExpressions")) {
            String key = e.path("key").asText();
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            switch (e.path("operator").asText()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> {
                }
            }
        }
        return String.join(",", parts);
    }

    /** The container {@code -c} names (checked when {@code check}), else the default one, telling the user which. */
    static String container(Session s, ObjectNode pod, String flag, boolean check, boolean quiet) {
        String podName = pod.path("metadata").path("name").asText();
        if (flag != null && !flag.isEmpty()) {
            if (check && !allNames(pod).contains(flag)) {
                throw new CliException("error: container " + flag + " not found in pod " + podName);
            }
            return flag;
        }
        JsonNode containers = pod.path("spec").path("containers");
        if (containers.isEmpty()) {
            throw new CliException("error: pod " + pod.path("metadata").path("namespace").asText() + "/" + podName
                    + " does not have any containers");
        }
        String annotated = pod.path("metadata").path("annotations").path(DEFAULT_CONTAINER).asText("");
        if (!annotated.isEmpty() && allNames(pod).contains(annotated)) {
            return annotated;
        }
        String first = containers.get(0).path("name").asText();
        if (!quiet && (containers.size() > 1 || pod.path("spec").path("initContainers").size() > 0
                || pod.path("spec").path("ephemeralContainers").size() > 0)) {
            s.err().println("Defaulted container \"" + first + "\" out of: " + describeAll(pod));
        }
        return first;
    }

    /** Every container name: init containers, containers, ephemeral containers (the order logs --all-containers reads). */
    static List<String> allNames(JsonNode pod) {
        List<String> names = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            pod.path("spec").path(field).forEach(c -> names.add(c.path("name").asText()));
        }
        return names;
    }

    /** kubectl's AllContainerNames: "a, b, d (ephem), c (init)". */
    static String describeAll(JsonNode pod) {
        List<String> names = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
        pod.path("spec").path("ephemeralContainers").forEach(c -> names.add(c.path("name").asText() + " (ephem)"));
        pod.path("spec").path("initContainers").forEach(c -> names.add(c.path("name").asText() + " (init)"));
        return String.join(", ", names);
    }

    /**
     * kubectl's podutils.ByLogging: scheduled first; Running, then Unknown, then Pending; ready
     * first, longest ready first; most restarts first; oldest first.
     */
    static final Comparator<JsonNode> BY_LOGGING = (a, b) -> {
        boolean aNode = !a.path("spec").path("nodeName").asText("").isEmpty();
        boolean bNode = !b.path("spec").path("nodeName").asText("").isEmpty();
        if (aNode != bNode) {
            return aNode ? -1 : 1;
        }
        int pa = phaseRank(a);
        int pb = phaseRank(b);
        if (pa != pb) {
            return Integer.compare(pa, pb);
        }
        Instant ra = readySince(a);
        Instant rb = readySince(b);
        if ((ra != null) != (rb != null)) {
            return ra != null ? -1 : 1;
        }
        if (ra != null && !ra.equals(rb)) {
            return ra.compareTo(rb);
        }
        int restarts = Integer.compare(maxRestarts(b), maxRestarts(a));
        if (restarts != 0) {
            return restarts;
        }
        return compareCreation(a, b);
    };

    private static int phaseRank(JsonNode pod) {
        return switch (pod.path("status").path("phase").asText("")) {
            case "Running" -> 0;
            case "Unknown" -> 1;
            case "Pending" -> 2;
            default -> 3;
        };
    }

    private static Instant readySince(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                String t = c.path("lastTransitionTime").asText("");
                return t.isEmpty() ? Instant.MAX : Instant.parse(t);
            }
        }
        return null;
    }

    private static int maxRestarts(JsonNode pod) {
        int max = 0;
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            max = Math.max(max, c.path("restartCount").asInt());
        }
        return max;
    }

    private static int compareCreation(JsonNode a, JsonNode b) {
        String ca = a.path("metadata").path("creationTimestamp").asText("");
        String cb = b.path("metadata").path("creationTimestamp").asText("");
        if (ca.isEmpty() || cb.isEmpty()) {
            return ca.isEmpty() == cb.isEmpty() ? 0 : ca.isEmpty() ? 1 : -1;
        }
        return Instant.parse(ca).compareTo(Instant.parse(cb));
    }
}
