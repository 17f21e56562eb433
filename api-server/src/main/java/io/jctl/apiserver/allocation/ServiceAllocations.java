package io.jctl.apiserver.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.Admission;
import io.jctl.apiserver.rest.WriteHook;
import io.jctl.apiserver.storage.Store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every Service its cluster IP and node ports when it is stored and takes them back when it
 * goes, as kube-apiserver's Service REST storage does. Values a manifest names are honoured when
 * free and in range, refused with 422 otherwise; the rest are picked.
 */
public final class ServiceAllocations implements WriteHook {
    static final String IP_PREFIX = "/registry/ranges/serviceips/";
    static final String PORT_PREFIX = "/registry/ranges/servicenodeports/";

    private final ServiceRanges ranges;
    private final RangeAllocator ips;
    private final RangeAllocator ports;
    private final Reservations ipReservations;
    private final Reservations portReservations;

    public ServiceAllocations(Store store, ServiceRanges ranges) {
        this.ranges = ranges;
        this.ipReservations = new Reservations(store, IP_PREFIX);
        this.portReservations = new Reservations(store, PORT_PREFIX);
        Ipv4Range cidr = ranges.clusterIps();
        this.ips = new RangeAllocator(ipReservations, 1, cidr.size() - 1,
                RangeAllocator.staticBand(cidr.size(), 16, 256), cidr::address, Set.of(ranges.kubernetesServiceIp()));
        PortRange p = ranges.nodePorts();
        this.ports = new RangeAllocator(portReservations, 0, p.size(),
                RangeAllocator.staticBand(p.size(), 32, 128), offset -> Integer.toString(p.first() + (int) offset),
                Set.of());
    }

    @Override
    public Pending beforeCreate(ResourceType<?> type, ObjectNode svc) {
        Changes changes = new Changes(holder(svc));
        try {
            allocate(type, svc, null, changes);
        } catch (RuntimeException e) {
            changes.rollback();
            throw e;
        }
        return new Pending(() -> { }, changes::rollback);
    }

    @Override
    public Pending beforeUpdate(ResourceType<?> type, ObjectNode old, ObjectNode next) {
        Changes changes = new Changes(holder(next));
        try {
            allocate(type, next, old, changes);
        } catch (RuntimeException e) {
            changes.rollback();
            throw e;
        }
        Set<String> keepIps = new HashSet<>(clusterIps(next));
        Set<String> keepPorts = new HashSet<>(nodePorts(next));
        return new Pending(() -> {
            clusterIps(old).stream().filter(ip -> !keepIps.contains(ip)).forEach(ip -> ips.release(ip, changes.holder));
            nodePorts(old).stream().filter(p -> !keepPorts.contains(p)).forEach(p -> ports.release(p, changes.holder));
        }, changes::rollback);
    }

    @Override
    public void afterDelete(ResourceType<?> type, ObjectNode svc) {
        Reservations.Holder holder = holder(svc);
        clusterIps(svc).forEach(ip -> ips.release(ip, holder));
        nodePorts(svc).forEach(p -> ports.release(p, holder));
    }

    /**
     * Makes reservations and stored Services agree after a crash: a Service without its
     * reservation gets it back, and a reservation older than {@code graceMillis} whose Service
     * does not hold the value is released (the api-server died between taking and storing).
     */
    public void repair(List<ObjectNode> services, long graceMillis) {
        long now = System.currentTimeMillis();
        Map<String, Reservations.Holder> ipHolders = ipReservations.all();
        Map<String, Reservations.Holder> portHolders = portReservations.all();
        Map<String, Reservations.Holder> ipsInUse = new java.util.HashMap<>();
        Map<String, Reservations.Holder> portsInUse = new java.util.HashMap<>();
        for (ObjectNode svc : services) {
            Reservations.Holder holder = holder(svc);
            for (String ip : clusterIps(svc)) {
                ipsInUse.put(ip, holder);
                if (!ipHolders.containsKey(ip)) {
                    ipReservations.take(ip, holder);
                }
            }
            for (String port : nodePorts(svc)) {
                portsInUse.put(port, holder);
                if (!portHolders.containsKey(port)) {
                    portReservations.take(port, holder);
                }
            }
        }
        releaseLeaks(ipHolders, ipsInUse, ips, now - graceMillis);
        releaseLeaks(portHolders, portsInUse, ports, now - graceMillis);
    }

    private static void releaseLeaks(Map<String, Reservations.Holder> reserved, Map<String, Reservations.Holder> inUse,
                                     RangeAllocator allocator, long takenBefore) {
        reserved.forEach((value, holder) -> {
            Reservations.Holder user = inUse.get(value);
            if ((user == null || !user.sameObject(holder)) && holder.takenAtMillis() < takenBefore) {
                allocator.release(value, holder);
            }
        });
    }

    private void allocate(ResourceType<?> type, ObjectNode svc, ObjectNode old, Changes changes) {
        ObjectNode spec = svc.with("spec");
        String svcType = spec.path("type").asText("ClusterIP");
        List<StatusCause> causes = new ArrayList<>();
        if (!svcType.equals("ExternalName")) {
            allocateClusterIp(spec, old == null ? Set.of() : Set.copyOf(clusterIps(old)), changes, causes);
        }
        if (wantsNodePorts(spec)) {
            Set<String> held = old == null ? Set.of() : Set.copyOf(nodePorts(old));
            JsonNode portList = spec.path("ports");
            for (int i = 0; i < portList.size(); i++) {
                allocateNodePort((ObjectNode) portList.get(i), "spec.ports[" + i + "].nodePort", held, changes, causes);
            }
        }
        if (!causes.isEmpty()) {
            throw Admission.invalid(type, svc.path("metadata").path("name").asText(), causes);
        }
    }

    private void allocateClusterIp(ObjectNode spec, Set<String> held, Changes changes, List<StatusCause> causes) {
        String ip = spec.path("clusterIP").asText("");
        if (ip.isEmpty() && spec.path("clusterIPs").size() > 0) {
            ip = spec.path("clusterIPs").get(0).asText("");
        }
        if (!"None".equals(ip)) {
            if (ip.isEmpty()) {
                ip = ips.takeAny(changes.holder).orElseThrow(() -> ApiException.internal(
                        "failed to allocate a serviceIP: range is full; the service CIDR " + ranges.clusterIps()
                                + " has no free address (delete unused Services or start the server with a larger "
                                + "--service-cluster-ip-range)"));
                changes.ips.add(ip);
            } else if (!held.contains(ip)) {
                if (!ranges.clusterIps().usable(ip)) {
                    causes.add(StatusCause.invalid("spec.clusterIPs", List.of(ip), "failed to allocate IP " + ip
                            + ": the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
                            + ranges.clusterIps()));
                    return;
                }
                if (ip.equals(ranges.kubernetesServiceIp()) && !isKubernetesService(changes.holder)) {
                    // Reserved even while the kubernetes Service is briefly gone (deleted, about to be put back).
                    causes.add(StatusCause.invalid("spec.clusterIPs", List.of(ip), "failed to allocate IP " + ip
                            + ": provided IP is already allocated (reserved for the " + ServiceRanges.KUBERNETES_SERVICE_NAMESPACE
                            + "/" + ServiceRanges.KUBERNETES_SERVICE_NAME + " Service)"));
                    return;
                }
                if (!ips.take(ip, changes.holder)) {
                    causes.add(StatusCause.invalid("spec.clusterIPs", List.of(ip), "failed to allocate IP " + ip
                            + ": provided IP is already allocated"));
                    return;
                }
                changes.ips.add(ip);
            }
        }
        spec.put("clusterIP", ip);
        ArrayNode list = spec.putArray("clusterIPs");
        list.add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
    }

    private void allocateNodePort(ObjectNode port, String field, Set<String> held, Changes changes,
                                  List<StatusCause> causes) {
        int wanted = port.path("nodePort").asInt(0);
        if (wanted == 0) {
            String picked = ports.takeAny(changes.holder).orElseThrow(() -> ApiException.internal(
                    "failed to allocate a nodePort: range is full; every port of " + ranges.nodePorts()
                            + " is in use (delete unused NodePort Services or widen --service-node-port-range)"));
            changes.ports.add(picked);
            port.put("nodePort", Integer.parseInt(picked));
            return;
        }
        String value = Integer.toString(wanted);
        if (held.contains(value) || changes.ports.contains(value)) {
            return;
        }
        if (!ranges.nodePorts().contains(wanted)) {
            causes.add(StatusCause.invalid(field, wanted, "provided port is not in the valid range. The range of valid "
                    + "ports is " + ranges.nodePorts()));
        } else if (!ports.take(value, changes.holder)) {
            causes.add(StatusCause.invalid(field, wanted, "provided port is already allocated"));
        } else {
            changes.ports.add(value);
        }
    }

    private static boolean wantsNodePorts(JsonNode spec) {
        String type = spec.path("type").asText("ClusterIP");
        return type.equals("NodePort")
                || (type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    }

    private static List<String> clusterIps(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        if (spec.path("type").asText("").equals("ExternalName")) {
            return List.of();
        }
        String ip = spec.path("clusterIP").asText("");
        return ip.isEmpty() || ip.equals("None") ? List.of() : List.of(ip);
    }

    private static List<String> nodePorts(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            int port = p.path("nodePort").asInt(0);
            if (port > 0 && !out.contains(Integer.toString(port))) {
                out.add(Integer.toString(port));
            }
        }
        return out;
    }

    private static boolean isKubernetesService(Reservations.Holder holder) {
        return holder.namespace().equals(ServiceRanges.KUBERNETES_SERVICE_NAMESPACE)
                && holder.name().equals(ServiceRanges.KUBERNETES_SERVICE_NAME);
    }

    private static Reservations.Holder holder(ObjectNode svc) {
        JsonNode meta = svc.path("metadata");
        return new Reservations.Holder(meta.path("namespace").asText(""), meta.path("name").asText(""),
                System.currentTimeMillis());
    }

    /** What one write took, so that a failed write gives it back. */
    private final class Changes {
        final Reservations.Holder holder;
        final List<String> ips = new ArrayList<>();
        final List<String> ports = new ArrayList<>();

        Changes(Reservations.Holder holder) {
            this.holder = holder;
        }

        void rollback() {
            ips.forEach(ip -> ServiceAllocations.this.ips.release(ip, holder));
            ports.forEach(p -> ServiceAllocations.this.ports.release(p, holder));
        }
    }
}
