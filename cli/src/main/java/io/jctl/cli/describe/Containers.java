package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_2;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_3;

/**
 * The containers of a pod or pod template: image, ports, command, state (pods only), resources,
 * probes, environment and mounts. {@code space} is the extra indent of a pod template.
 */
final class Containers {
    private Containers() {
    }

    /** {@code pod} resolves {@code fieldRef} environment values; {@code null} for templates. */
    static void describe(String label, List<JsonNode> containers, List<JsonNode> statuses, JsonNode pod,
                         PrefixWriter w, String space, DescribeContext ctx) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode s : statuses) {
            byName.put(Tree.str(s, "name"), s);
        }
        w.write(LEVEL_0, "%s%s:%s\n", space, label, containers.isEmpty() ? " <none>" : "");
        for (JsonNode c : containers) {
            JsonNode status = byName.get(Tree.str(c, "name"));
            basicInfo(c, status, space, w);
            command(c, w);
            if (status != null) {
                state(status, w, ctx);
            }
            resources(Tree.at(c, "resources"), w, LEVEL_2);
            probes(c, w);
            if (!Tree.list(c, "envFrom").isEmpty()) {
                envFrom(c, w);
            }
            env(c, pod, w);
            mounts(c, w);
        }
    }

    private static void basicInfo(JsonNode c, JsonNode status, String space, PrefixWriter w) {
        w.write(LEVEL_1, "%s%s:\n", space.isEmpty() ? "" : " ", Tree.str(c, "name"));
        if (status != null) {
            w.write(LEVEL_2, "Container ID:\t%s\n", Tree.str(status, "containerID"));
        }
        w.write(LEVEL_2, "Image:\t%s\n", Tree.str(c, "image"));
        if (status != null) {
            w.write(LEVEL_2, "Image ID:\t%s\n", Tree.str(status, "imageID"));
        }
        List<String> ports = new ArrayList<>();
        List<String> hostPorts = new ArrayList<>();
        for (JsonNode p : Tree.list(c, "ports")) {
            ports.add(Tree.num(p, "containerPort") + "/" + Tree.str(p, "protocol"));
            hostPorts.add(Tree.num(p, "hostPort") + "/" + Tree.str(p, "protocol"));
        }
        String portString = String.join(", ", ports);
        if (portString.contains(",")) {
            w.write(LEVEL_2, "Ports:\t%s\n", portString);
        } else {
            w.write(LEVEL_2, "Port:\t%s\n", orNone(portString));
        }
        String hostPortString = String.join(", ", hostPorts);
        if (hostPortString.contains(",")) {
            w.write(LEVEL_2, "Host Ports:\t%s\n", hostPortString);
        } else {
            w.write(LEVEL_2, "Host Port:\t%s\n", orNone(hostPortString));
        }
        JsonNode seccomp = Tree.at(c, "securityContext", "seccompProfile");
        if (Tree.has(seccomp)) {
            w.write(LEVEL_2, "SeccompProfile:\t%s\n", Tree.str(seccomp, "type"));
            if ("Localhost".equals(Tree.str(seccomp, "type"))) {
                w.write(LEVEL_3, "LocalhostProfile:\t%s\n", Tree.str(seccomp, "localhostProfile"));
            }
        }
    }

    private static void command(JsonNode c, PrefixWriter w) {
        List<String> command = Tree.strings(c, "command");
        if (!command.isEmpty()) {
            w.write(LEVEL_2, "Command:\n");
            for (String part : command) {
                for (String line : part.split("\n", -1)) {
                    w.write(LEVEL_3, "%s\n", line);
                }
            }
        }
        List<String> args = Tree.strings(c, "args");
        if (!args.isEmpty()) {
            w.write(LEVEL_2, "Args:\n");
            for (String part : args) {
                for (String line : part.split("\n", -1)) {
                    w.write(LEVEL_3, "%s\n", line);
                }
            }
        }
    }

    static void resources(JsonNode resources, PrefixWriter w, int level) {
        Map<String, String> limits = new TreeMap<>(Tree.map(resources, "limits"));
        if (!limits.isEmpty()) {
            w.write(level, "Limits:\n");
        }
        limits.forEach((name, q) -> w.write(level + 1, "%s:\t%s\n", name, Quantity.parse(q)));
        Map<String, String> requests = new TreeMap<>(Tree.map(resources, "requests"));
        if (!requests.isEmpty()) {
            w.write(level, "Requests:\n");
        }
        requests.forEach((name, q) -> w.write(level + 1, "%s:\t%s\n", name, Quantity.parse(q)));
    }

    private static void state(JsonNode status, PrefixWriter w, DescribeContext ctx) {
        describeState("State", Tree.at(status, "state"), w, ctx);
        if (Tree.has(status, "lastState", "terminated")) {
            describeState("Last State", Tree.at(status, "lastState"), w, ctx);
        }
        w.write(LEVEL_2, "Ready:\t%s\n", Tree.bool(status, "ready") ? "True" : "False");
        w.write(LEVEL_2, "Restart Count:\t%d\n", Tree.num(status, "restartCount"));
    }

    private static void describeState(String name, JsonNode state, PrefixWriter w, DescribeContext ctx) {
        if (Tree.has(state, "running")) {
            w.write(LEVEL_2, "%s:\tRunning\n", name);
            w.write(LEVEL_3, "Started:\t%s\n", ctx.time(Tree.str(state, "running", "startedAt")));
        } else if (Tree.has(state, "waiting")) {
            w.write(LEVEL_2, "%s:\tWaiting\n", name);
            String reason = Tree.str(state, "waiting", "reason");
            if (!reason.isEmpty()) {
                w.write(LEVEL_3, "Reason:\t%s\n", reason);
            }
        } else if (Tree.has(state, "terminated")) {
            JsonNode t = Tree.at(state, "terminated");
            w.write(LEVEL_2, "%s:\tTerminated\n", name);
            if (!Tree.str(t, "reason").isEmpty()) {
                w.write(LEVEL_3, "Reason:\t%s\n", Tree.str(t, "reason"));
            }
            if (!Tree.str(t, "message").isEmpty()) {
                w.write(LEVEL_3, "Message:\t%s\n", Tree.str(t, "message"));
            }
            w.write(LEVEL_3, "Exit Code:\t%d\n", Tree.num(t, "exitCode"));
            if (Tree.num(t, "signal") > 0) {
                w.write(LEVEL_3, "Signal:\t%d\n", Tree.num(t, "signal"));
            }
            w.write(LEVEL_3, "Started:\t%s\n", ctx.time(Tree.str(t, "startedAt")));
            w.write(LEVEL_3, "Finished:\t%s\n", ctx.time(Tree.str(t, "finishedAt")));
        } else {
            w.write(LEVEL_2, "%s:\tWaiting\n", name);
        }
    }

    private static void probes(JsonNode c, PrefixWriter w) {
        if (Tree.has(c, "livenessProbe")) {
            w.write(LEVEL_2, "Liveness:\t%s\n", probe(Tree.at(c, "livenessProbe")));
        }
        if (Tree.has(c, "readinessProbe")) {
            w.write(LEVEL_2, "Readiness:\t%s\n", probe(Tree.at(c, "readinessProbe")));
        }
        if (Tree.has(c, "startupProbe")) {
            w.write(LEVEL_2, "Startup:\t%s\n", probe(Tree.at(c, "startupProbe")));
        }
    }

    static String probe(JsonNode p) {
        String attrs = String.format("delay=%ds timeout=%ds period=%ds #success=%d #failure=%d",
                Tree.num(p, "initialDelaySeconds"), Tree.num(p, "timeoutSeconds"), Tree.num(p, "periodSeconds"),
                Tree.num(p, "successThreshold"), Tree.num(p, "failureThreshold"));
        if (Tree.has(p, "exec")) {
            return "exec [" + String.join(" ", Tree.strings(p, "exec", "command")) + "] " + attrs;
        }
        if (Tree.has(p, "httpGet")) {
            JsonNode g = Tree.at(p, "httpGet");
            String host = Tree.str(g, "host");
            String port = Tree.text(Tree.at(g, "port"));
            String hostPort = port.isEmpty() ? host : joinHostPort(host, port);
            String scheme = Tree.str(g, "scheme").toLowerCase(java.util.Locale.ROOT);
            return "http-get " + url(scheme, hostPort, Tree.str(g, "path")) + " " + attrs;
        }
        if (Tree.has(p, "tcpSocket")) {
            JsonNode t = Tree.at(p, "tcpSocket");
            return "tcp-socket " + Tree.str(t, "host") + ":" + Tree.text(Tree.at(t, "port")) + " " + attrs;
        }
        if (Tree.has(p, "grpc")) {
            return "grpc <pod>:" + Tree.num(p, "grpc", "port") + " " + Tree.str(p, "grpc", "service") + " " + attrs;
        }
        return "unknown " + attrs;
    }

    /** Go's {@code url.URL{Scheme, Host, Path}.String()} for the simple paths probes use. */
    private static String url(String scheme, String host, String path) {
        StringBuilder s = new StringBuilder();
        if (!scheme.isEmpty()) {
            s.append(scheme).append(':');
        }
        if (!scheme.isEmpty() || !host.isEmpty()) {
            s.append("//").append(host);
        }
        if (!path.isEmpty() && !path.startsWith("/") && !host.isEmpty()) {
            s.append('/');
        }
        try {
            s.append(new URI(null, null, path, null).getRawPath());
        } catch (java.net.URISyntaxException e) {
            s.append(path);
        }
        return s.toString();
    }

    private static String joinHostPort(String host, String port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static void envFrom(JsonNode c, PrefixWriter w) {
        w.write(LEVEL_2, "Environment Variables from:\n");
        for (JsonNode e : Tree.list(c, "envFrom")) {
            String from = "";
            String name = "";
            boolean optional = false;
            if (Tree.has(e, "configMapRef")) {
                from = "ConfigMap";
                name = Tree.str(e, "configMapRef", "name");
                optional = Tree.bool(e, "configMapRef", "optional");
            } else if (Tree.has(e, "secretRef")) {
                from = "Secret";
                name = Tree.str(e, "secretRef", "name");
                optional = Tree.bool(e, "secretRef", "optional");
            }
            String prefix = Tree.str(e, "prefix");
            if (prefix.isEmpty()) {
                w.write(LEVEL_3, "%s\t%s\tOptional: %s\n", name, from, optional);
            } else {
                w.write(LEVEL_3, "%s\t%s with prefix '%s'\tOptional: %s\n", name, from, prefix, optional);
            }
        }
    }

    private static void env(JsonNode c, JsonNode pod, PrefixWriter w) {
        List<JsonNode> env = Tree.list(c, "env");
        w.write(LEVEL_2, "Environment:%s\n", env.isEmpty() ? "\t<none>" : "");
        for (JsonNode e : env) {
            String name = Tree.str(e, "name");
            JsonNode from = Tree.at(e, "valueFrom");
            if (!Tree.has(from)) {
                String[] lines = Tree.str(e, "value").split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (i == 0) {
                        w.write(LEVEL_3, "%s:\t%s\n", name, lines[i]);
                    } else {
                        w.write(LEVEL_3, "\t%s\n", lines[i]);
                    }
                }
            } else if (Tree.has(from, "fieldRef")) {
                String path = Tree.str(from, "fieldRef", "fieldPath");
                String value = pod == null ? "" : PodFields.value(pod, path);
                w.write(LEVEL_3, "%s:\t%s (%s:%s)\n", name, value, Tree.str(from, "fieldRef", "apiVersion"), path);
            } else if (Tree.has(from, "resourceFieldRef")) {
                String resource = Tree.str(from, "resourceFieldRef", "resource");
                String value = PodFields.containerResource(c, Tree.at(from, "resourceFieldRef"));
                if ("0".equals(value) && ("limits.cpu".equals(resource) || "limits.memory".equals(resource))) {
                    value = "node allocatable";
                }
                w.write(LEVEL_3, "%s:\t%s (%s)\n", name, value, resource);
            } else if (Tree.has(from, "secretKeyRef")) {
                JsonNode ref = Tree.at(from, "secretKeyRef");
                w.write(LEVEL_3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", name,
                        Tree.str(ref, "key"), Tree.str(ref, "name"), Tree.bool(ref, "optional"));
            } else if (Tree.has(from, "configMapKeyRef")) {
                JsonNode ref = Tree.at(from, "configMapKeyRef");
                w.write(LEVEL_3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", name,
                        Tree.str(ref, "key"), Tree.str(ref, "name"), Tree.bool(ref, "optional"));
            }
        }
    }

    private static void mounts(JsonNode c, PrefixWriter w) {
        List<JsonNode> mounts = Tree.list(c, "volumeMounts");
        w.write(LEVEL_2, "Mounts:%s\n", mounts.isEmpty() ? "\t<none>" : "");
        mounts.sort(Comparator.comparing(m -> Tree.str(m, "mountPath")));
        for (JsonNode m : mounts) {
            List<String> flags = new ArrayList<>();
            flags.add(Tree.bool(m, "readOnly") ? "ro" : "rw");
            if (!Tree.str(m, "subPath").isEmpty()) {
                flags.add("path=" + GoQuote.quote(Tree.str(m, "subPath")));
            }
            w.write(LEVEL_3, "%s from %s (%s)\n", Tree.str(m, "mountPath"), Tree.str(m, "name"), String.join(",", flags));
        }
        List<JsonNode> devices = Tree.list(c, "volumeDevices");
        if (!devices.isEmpty()) {
            w.write(LEVEL_2, "Devices:\n");
            devices.sort(Comparator.comparing(d -> Tree.str(d, "devicePath")));
            for (JsonNode d : devices) {
                w.write(LEVEL_3, "%s from %s\n", Tree.str(d, "devicePath"), Tree.str(d, "name"));
            }
        }
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
