package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.output.Output;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jctl expose TYPE NAME | TYPE/NAME --port=P [--target-port=T] [--type=T] [--name=N]}: a
 * Service selecting the pods of a deployment, replica set, replication controller, pod or
 * service, as kubectl builds it: the selector is the object's (a pod's labels), the ports are
 * {@code --port} or, without it, the containers' (or the service's) ports, and the Service gets
 * the object's labels.
 */
@Command(name = "expose", description = "Expose a deployment, replica set, replication controller, pod or service "
        + "as a new Service.")
public final class ExposeCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "The port the service serves on.")
    String port;

    @Option(names = "--target-port", paramLabel = "PORT", description = "The container port (number or name) to "
            + "direct traffic to; defaults to --port.")
    String targetPort;

    @Option(names = "--name", description = "The service's name; defaults to the exposed object's.")
    String name;

    @Option(names = "--type", paramLabel = "TYPE", description = "ClusterIP, NodePort, LoadBalancer or ExternalName "
            + "(default ClusterIP).")
    String type;

    @Option(names = "--protocol", description = "TCP, UDP or SCTP (default: the container port's, else TCP).")
    String protocol;

    @Option(names = "--selector", description = "key=value[,key=value] pods to select instead of the object's selector.")
    String selector;

    @Option(names = {"-l", "--labels"}, description = "key=value[,key=value] labels of the service instead of the "
            + "object's labels.")
    String labels;

    @Option(names = "--cluster-ip", paramLabel = "IP", description = "The cluster IP to ask for; None for a headless service.")
    String clusterIp;

    @Option(names = "--session-affinity", paramLabel = "None|ClientIP")
    String sessionAffinity;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json, name, ...: print the object.")
    String output;

    @Override
    protected int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        Output out = null;
        if (output != null) {
            try {
                out = Output.parse(output, s.cwd());
            } catch (IllegalArgumentException e) {
                throw new CliException("error: " + e.getMessage());
            }
        }
        ApiResource services = s.resources().forKind("v1", "Service");
        for (ResourceArgs.Target t : ResourceArgs.parse(args, s.resources(), "expose")) {
            ApiResource r = t.resource();
            if (t.names().isEmpty()) {
                throw new CliException("error: give the NAME of the " + r.kind() + " to expose");
            }
            for (String objectName : t.names()) {
                ObjectNode obj = s.http().get(r.ref().objectPath(r.namespaced() ? s.namespace() : null, objectName));
                ObjectNode svc = service(r.kind(), obj);
                ((ObjectNode) svc.get("metadata")).put("namespace", s.namespace());
                ObjectNode created = Writes.create(s, services, s.namespace(), svc, mode);
                if (out != null) {
                    out.print(List.of(Lists.withType(created, services)), s.out());
                } else {
                    s.out().println("service/" + created.path("metadata").path("name").asText() + " exposed" + mode.suffix());
                }
            }
        }
        return 0;
    }

    /** The Service for {@code obj} (of {@code kind}) with this command's flags. */
    ObjectNode service(String kind, ObjectNode obj) {
        Map<String, String> podSelector = selector != null ? pairs(selector, "--selector") : selectorOf(kind, obj);
        ObjectNode svc = CliJson.object();
        svc.put("apiVersion", "v1");
        svc.put("kind", "Service");
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", name != null ? name : obj.path("metadata").path("name").asText());
        Map<String, String> serviceLabels = labels != null ? pairs(labels, "--labels") : strings(obj.path("metadata").path("labels"));
        if (!serviceLabels.isEmpty()) {
            ObjectNode l = meta.putObject("labels");
            serviceLabels.forEach(l::put);
        }
        ObjectNode spec = svc.putObject("spec");
        ArrayNode ports = spec.putArray("ports");
        List<ObjectNode> found = ports(kind, obj);
        for (int i = 0; i < found.size(); i++) {
            ObjectNode p = found.get(i);
            if (found.size() > 1) {
                p.put("name", "port-" + (i + 1));
            }
            ports.add(p);
        }
        ObjectNode sel = spec.putObject("selector");
        podSelector.forEach(sel::put);
        if (type != null) {
            spec.put("type", type);
        }
        if (clusterIp != null) {
            spec.put("clusterIP", clusterIp);
        }
        if (sessionAffinity != null) {
            spec.put("sessionAffinity", sessionAffinity);
        }
        svc.putObject("status").putObject("loadBalancer");
        return svc;
    }

    private List<ObjectNode> ports(String kind, ObjectNode obj) {
        List<ObjectNode> out = new ArrayList<>();
        Map<Integer, String> protocols = new LinkedHashMap<>();
        List<Integer> introspected = new ArrayList<>();
        if (kind.equals("Service")) {
            for (JsonNode p : obj.path("spec").path("ports")) {
                introspected.add(p.path("port").asInt());
                protocols.put(p.path("port").asInt(), p.path("protocol").asText("TCP"));
            }
        } else {
            for (JsonNode c : podSpec(kind, obj).path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    introspected.add(p.path("containerPort").asInt());
                    protocols.putIfAbsent(p.path("containerPort").asInt(), p.path("protocol").asText("TCP"));
                }
            }
        }
        List<Integer> numbers;
        if (port != null) {
            numbers = new ArrayList<>();
            for (String p : port.split(",")) {
                try {
                    numbers.add(Integer.parseInt(p.trim()));
                } catch (NumberFormatException e) {
                    throw new CliException("error: invalid --port \"" + p + "\": it must be a number");
                }
            }
        } else {
            numbers = introspected;
        }
        if (numbers.isEmpty()) {
            throw new CliException("error: couldn't find port via --port flag or introspection\n"
                    + "See 'jctl expose -h' for help and examples");
        }
        for (int n : numbers) {
            ObjectNode p = CliJson.object();
            p.put("protocol", protocol != null ? protocol : protocols.getOrDefault(n, "TCP"));
            p.put("port", n);
            if (targetPort == null) {
                p.put("targetPort", n);
            } else if (targetPort.matches("\\d+")) {
                p.put("targetPort", Integer.parseInt(targetPort));
            } else {
                p.put("targetPort", targetPort);
            }
            out.add(p);
        }
        return out;
    }

    private static JsonNode podSpec(String kind, ObjectNode obj) {
        return kind.equals("Pod") ? obj.path("spec") : obj.path("spec").path("template").path("spec");
    }

    /** The pods the object stands for, as kubectl's MapBasedSelectorForObject. */
    private static Map<String, String> selectorOf(String kind, ObjectNode obj) {
        Map<String, String> out;
        switch (kind) {
            case "Pod" -> {
                out = strings(obj.path("metadata").path("labels"));
                if (out.isEmpty()) {
                    throw new CliException("error: couldn't retrieve selectors via --selector flag or introspection: "
                            + "the pod has no labels and cannot be exposed\nSee 'jctl expose -h' for help and examples");
                }
            }
            case "Service", "ReplicationController" -> {
                out = strings(obj.path("spec").path("selector"));
                if (out.isEmpty()) {
                    throw new CliException("error: couldn't retrieve selectors via --selector flag or introspection: "
                            + "the " + kind.toLowerCase(java.util.Locale.ROOT) + " has no pod selector set\n"
                            + "See 'jctl expose -h' for help and examples");
                }
            }
            case "Deployment", "ReplicaSet" -> {
                JsonNode sel = obj.path("spec").path("selector");
                if (sel.path("matchExpressions").size() > 0) {
                    throw new CliException("error: couldn't convert expressions - \"" + sel.path("matchExpressions")
                            + "\" to map-based selector format");
                }
                out = strings(sel.path("matchLabels"));
            }
            default -> throw new CliException("error: cannot expose a " + kind);
        }
        return out;
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, String> pairs(String flag, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : flag.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException("error: invalid " + option + " \"" + pair + "\": expected key=value");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }
}
