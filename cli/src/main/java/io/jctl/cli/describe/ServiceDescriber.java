package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/**
 * {@code kubectl describe service}: type, IPs, each port with its ready endpoints, and Events.
 * kubectl reads endpoints from EndpointSlices; a server without them (jctl's) has the Service's
 * Endpoints object, which yields the same addresses, so that is used when no slice is found.
 */
final class ServiceDescriber implements KindDescriber {
    private static final int MAX_ENDPOINTS = 3;

    @Override
    public String describe(ObjectNode svc, DescribeContext ctx) {
        JsonNode meta = Tree.at(svc, "metadata");
        JsonNode spec = Tree.at(svc, "spec");
        String name = Tree.str(meta, "name");
        String namespace = Tree.str(meta, "namespace");
        List<ObjectNode> slices = ctx.tryList("discovery.k8s.io/v1", "EndpointSlice", namespace,
                "kubernetes.io/service-name=" + name, null);
        ObjectNode endpoints = null;
        if (slices == null || slices.isEmpty()) {
            slices = List.of();
            for (ObjectNode ep : ctx.listOrEmpty("v1", "Endpoints", namespace, null, "metadata.name=" + name)) {
                if (Tree.str(ep, "metadata", "name").equals(name)) {
                    endpoints = ep;
                }
            }
        }
        List<ObjectNode> events = EventsSection.about(ctx, svc);

        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", name);
        w.write(LEVEL_0, "Namespace:\t%s\n", namespace);
        Multiline.labels(w, "Labels", Tree.map(meta, "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(meta, "annotations"));
        w.write(LEVEL_0, "Selector:\t%s\n", Multiline.formatLabels(Tree.map(spec, "selector")));
        w.write(LEVEL_0, "Type:\t%s\n", Tree.str(spec, "type"));
        if (Tree.has(spec, "ipFamilyPolicy")) {
            w.write(LEVEL_0, "IP Family Policy:\t%s\n", Tree.str(spec, "ipFamilyPolicy"));
        }
        List<String> families = Tree.strings(spec, "ipFamilies");
        w.write(LEVEL_0, "IP Families:\t%s\n", families.isEmpty() ? "<none>" : String.join(",", families));
        w.write(LEVEL_0, "IP:\t%s\n", Tree.str(spec, "clusterIP"));
        List<String> ips = Tree.strings(spec, "clusterIPs");
        w.write(LEVEL_0, "IPs:\t%s\n", ips.isEmpty() ? "<none>" : String.join(",", ips));
        List<String> externalIPs = Tree.strings(spec, "externalIPs");
        if (!externalIPs.isEmpty()) {
            w.write(LEVEL_0, "External IPs:\t%s\n", String.join(",", externalIPs));
        }
        if (!Tree.str(spec, "loadBalancerIP").isEmpty()) {
            w.write(LEVEL_0, "Desired LoadBalancer IP:\t%s\n", Tree.str(spec, "loadBalancerIP"));
        }
        if (!Tree.str(spec, "externalName").isEmpty()) {
            w.write(LEVEL_0, "External Name:\t%s\n", Tree.str(spec, "externalName"));
        }
        List<JsonNode> ingress = Tree.list(svc, "status", "loadBalancer", "ingress");
        if (!ingress.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode i : ingress) {
                if (!Tree.str(i, "ip").isEmpty()) {
                    parts.add(Tree.str(i, "ip") + (Tree.has(i, "ipMode") ? " (" + Tree.str(i, "ipMode") + ")" : ""));
                } else {
                    parts.add(Tree.str(i, "hostname"));
                }
            }
            w.write(LEVEL_0, "LoadBalancer Ingress:\t%s\n", String.join(", ", parts));
        }
        for (JsonNode port : Tree.list(spec, "ports")) {
            String portName = Tree.str(port, "name");
            String shown = portName.isEmpty() ? "<unset>" : portName;
            String protocol = Tree.str(port, "protocol");
            w.write(LEVEL_0, "Port:\t%s\t%d/%s\n", shown, Tree.num(port, "port"), protocol);
            JsonNode target = Tree.at(port, "targetPort");
            w.write(LEVEL_0, "TargetPort:\t%s/%s\n", target.isTextual() ? target.asText() : String.valueOf(target.asLong(0)), protocol);
            if (Tree.num(port, "nodePort") != 0) {
                w.write(LEVEL_0, "NodePort:\t%s\t%d/%s\n", shown, Tree.num(port, "nodePort"), protocol);
            }
            String addresses = endpoints != null ? fromEndpoints(endpoints, portName) : fromSlices(slices, portName);
            w.write(LEVEL_0, "Endpoints:\t%s\n", addresses);
        }
        w.write(LEVEL_0, "Session Affinity:\t%s\n", Tree.str(spec, "sessionAffinity"));
        if (!Tree.str(spec, "externalTrafficPolicy").isEmpty()) {
            w.write(LEVEL_0, "External Traffic Policy:\t%s\n", Tree.str(spec, "externalTrafficPolicy"));
        }
        if (Tree.has(spec, "internalTrafficPolicy")) {
            w.write(LEVEL_0, "Internal Traffic Policy:\t%s\n", Tree.str(spec, "internalTrafficPolicy"));
        }
        if (Tree.num(spec, "healthCheckNodePort") != 0) {
            w.write(LEVEL_0, "HealthCheck NodePort:\t%d\n", Tree.num(spec, "healthCheckNodePort"));
        }
        List<String> ranges = Tree.strings(spec, "loadBalancerSourceRanges");
        if (!ranges.isEmpty()) {
            w.write(LEVEL_0, "LoadBalancer Source Ranges:\t%s\n", String.join(",", ranges));
        }
        if (!Tree.str(spec, "trafficDistribution").isEmpty()) {
            w.write(LEVEL_0, "Traffic Distribution:\t%s\n", Tree.str(spec, "trafficDistribution"));
        }
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    /** kubectl's {@code formatEndpointSlices} for the slice ports named {@code portName}. */
    static String fromSlices(List<ObjectNode> slices, String portName) {
        if (slices.isEmpty()) {
            return "<none>";
        }
        Addresses out = new Addresses();
        for (ObjectNode slice : slices) {
            List<JsonNode> endpoints = Tree.list(slice, "endpoints");
            List<JsonNode> ports = Tree.list(slice, "ports");
            if (ports.isEmpty()) {
                for (JsonNode e : endpoints) {
                    out.add(ready(e) ? Tree.strings(e, "addresses").get(0) : null);
                }
            } else {
                for (JsonNode p : ports) {
                    if (!Tree.str(p, "name").equals(portName)) {
                        continue;
                    }
                    for (JsonNode e : endpoints) {
                        out.add(ready(e) ? hostPort(Tree.strings(e, "addresses").get(0), Tree.num(p, "port")) : null);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The same list from an Endpoints object: ready addresses of the subsets' ports named {@code portName}. */
    static String fromEndpoints(ObjectNode endpoints, String portName) {
        List<JsonNode> subsets = Tree.list(endpoints, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        Addresses out = new Addresses();
        for (JsonNode subset : subsets) {
            List<JsonNode> addresses = Tree.list(subset, "addresses");
            List<JsonNode> ports = Tree.list(subset, "ports");
            if (ports.isEmpty()) {
                addresses.forEach(a -> out.add(Tree.str(a, "ip")));
            } else {
                for (JsonNode p : ports) {
                    if (Tree.str(p, "name").equals(portName)) {
                        addresses.forEach(a -> out.add(hostPort(Tree.str(a, "ip"), Tree.num(p, "port"))));
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean ready(JsonNode endpoint) {
        JsonNode r = Tree.at(endpoint, "conditions", "ready");
        return !Tree.has(r) || r.asBoolean();
    }

    private static String hostPort(String ip, long port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** The first three addresses and how many more there are; {@code null} marks a not-ready one. */
    private static final class Addresses {
        private final List<String> shown = new ArrayList<>();
        private int count;
        private boolean more;

        void add(String address) {
            if (shown.size() == MAX_ENDPOINTS) {
                more = true;
            }
            if (address == null) {
                return;
            }
            if (!more) {
                shown.add(address);
            }
            count++;
        }

        @Override
        public String toString() {
            String list = String.join(",", shown);
            return more ? String.format("%s + %d more...", list, count - MAX_ENDPOINTS) : list;
        }
    }
}
