package io.jctl.agent.dns;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The records of the cluster zone, computed per question from the Service and Endpoints caches
 * as the Kubernetes DNS specification lays them out:
 *
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<zone>} A: the cluster IP; for a headless Service the ready
 *       endpoint addresses; for ExternalName a CNAME</li>
 *   <li>{@code <host>.<svc>.<ns>.svc.<zone>} A: a headless Service's endpoint with that hostname
 *       (or whose address, dashed, is {@code host})</li>
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<zone>} SRV: the named port, pointing at the
 *       Service's name, or for headless Services at each endpoint's own name</li>
 *   <li>{@code <a-b-c-d>.<ns>.pod.<zone>} A: that address</li>
 * </ul>
 *
 * Any other name in the zone is NXDOMAIN; a name that exists without records of the asked type
 * gets an empty answer. Negative answers carry the zone's SOA so resolvers cache them for the TTL.
 */
final class ClusterRecords {
    private final Name zone;
    private final long ttl;
    private final BiFunction<String, String, Service> services;
    private final Function<String, List<Service>> servicesIn;
    private final BiFunction<String, String, Endpoints> endpoints;
    private final SOARecord soa;

    ClusterRecords(String clusterDomain, long ttl, BiFunction<String, String, Service> services,
                   Function<String, List<Service>> servicesIn, BiFunction<String, String, Endpoints> endpoints) {
        this.zone = name(clusterDomain + ".");
        this.ttl = ttl;
        this.services = services;
        this.servicesIn = servicesIn;
        this.endpoints = endpoints;
        this.soa = new SOARecord(zone, DClass.IN, ttl, name("ns.dns." + zone), name("hostmaster." + zone),
                1, 7200, 1800, 86400, ttl);
    }

    Name zone() {
        return zone;
    }

    SOARecord soa() {
        return soa;
    }

    boolean inZone(Name qname) {
        return qname.subdomain(zone);
    }

    /**
     * @param rcode      NOERROR or NXDOMAIN
     * @param answers    the answer section
     * @param additional addresses of SRV targets
     */
    record Answer(int rcode, List<Record> answers, List<Record> additional) {
        static Answer nxdomain() {
            return new Answer(Rcode.NXDOMAIN, List.of(), List.of());
        }

        static Answer empty() {
            return new Answer(Rcode.NOERROR, List.of(), List.of());
        }
    }

    /** The answer to a question about a name in the zone. */
    Answer answer(Name qname, int type) {
        Name lower = name(qname.toString().toLowerCase(Locale.ROOT));
        // Labels below the zone, leftmost first: web.shop.svc for web.shop.svc.cluster.local.
        int depth = lower.labels() - zone.labels();
        String[] labels = new String[depth];
        for (int i = 0; i < depth; i++) {
            labels[i] = lower.getLabelString(i);
        }
        if (depth == 0) {
            return type == Type.SOA ? new Answer(Rcode.NOERROR, List.of(soa), List.of()) : Answer.empty();
        }
        String kind = labels[depth - 1];
        if (!kind.equals("svc") && !kind.equals("pod")) {
            return Answer.nxdomain();
        }
        if (depth == 1) {
            return Answer.empty();
        }
        String namespace = labels[depth - 2];
        if (kind.equals("pod")) {
            if (depth == 2) {
                return Answer.empty();
            }
            return depth == 3 ? podAddress(qname, labels[0], type) : Answer.nxdomain();
        }
        if (depth == 2) {
            return servicesIn.apply(namespace).isEmpty() ? Answer.nxdomain() : Answer.empty();
        }
        String svcName = labels[depth - 3];
        Service svc = services.apply(namespace, svcName);
        if (svc == null || svc.getSpec() == null) {
            return Answer.nxdomain();
        }
        if (depth == 3) {
            return service(qname, svc, type);
        }
        if (depth == 4) {
            return endpointByHostname(qname, svc, labels[0], type);
        }
        if (depth == 5 && labels[0].startsWith("_") && labels[1].startsWith("_")) {
            return srv(qname, svc, labels[0].substring(1), labels[1].substring(1), type);
        }
        return Answer.nxdomain();
    }

    private Answer service(Name qname, Service svc, int type) {
        if ("ExternalName".equals(svc.getSpec().getType()) && svc.getSpec().getExternalName() != null) {
            // A CNAME answers every type; the client follows it through its own resolver.
            return new Answer(Rcode.NOERROR, List.of(new CNAMERecord(qname, DClass.IN, ttl,
                    name(svc.getSpec().getExternalName().replaceAll("\\.$", "") + "."))), List.of());
        }
        if (type != Type.A && type != Type.ANY) {
            return Answer.empty();
        }
        List<Record> out = new ArrayList<>();
        if (isHeadless(svc)) {
            for (EndpointAddress a : readyAddresses(svc)) {
                a(qname, a.getIp(), out);
            }
        } else {
            a(qname, svc.getSpec().getClusterIP(), out);
        }
        return new Answer(Rcode.NOERROR, out, List.of());
    }

    private Answer endpointByHostname(Name qname, Service svc, String host, int type) {
        if (!isHeadless(svc)) {
            return Answer.nxdomain();
        }
        List<Record> out = new ArrayList<>();
        boolean exists = false;
        for (EndpointAddress a : readyAddresses(svc)) {
            if (host.equals(hostLabel(a))) {
                exists = true;
                if (type == Type.A || type == Type.ANY) {
                    a(qname, a.getIp(), out);
                }
            }
        }
        return exists ? new Answer(Rcode.NOERROR, out, List.of()) : Answer.nxdomain();
    }

    private Answer srv(Name qname, Service svc, String portName, String protocol, int type) {
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        ServicePort port = ports.stream().filter(p -> portName.equals(p.getName())
                && protocol.equals((p.getProtocol() == null ? "TCP" : p.getProtocol()).toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
        if (port == null) {
            return Answer.nxdomain();
        }
        if (type != Type.SRV && type != Type.ANY) {
            return Answer.empty();
        }
        Name serviceName = name(svc.getMetadata().getName() + "." + svc.getMetadata().getNamespace() + ".svc." + zone);
        List<Record> answers = new ArrayList<>();
        List<Record> additional = new ArrayList<>();
        if (!isHeadless(svc)) {
            answers.add(new SRVRecord(qname, DClass.IN, ttl, 0, 100, port.getPort(), serviceName));
            a(serviceName, svc.getSpec().getClusterIP(), additional);
            return new Answer(Rcode.NOERROR, answers, additional);
        }
        // Headless: one SRV per ready endpoint serving that port, at the endpoint's own name.
        List<Record> perEndpoint = new ArrayList<>();
        Endpoints ep = endpoints.apply(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
        for (EndpointSubset ss : subsets(ep)) {
            EndpointPort epPort = ss.getPorts() == null ? null : ss.getPorts().stream()
                    .filter(p -> portName.equals(p.getName())
                            && protocol.equals((p.getProtocol() == null ? "TCP" : p.getProtocol()).toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(null);
            if (epPort == null || ss.getAddresses() == null) {
                continue;
            }
            for (EndpointAddress a : ss.getAddresses()) {
                Name target = name(hostLabel(a) + "." + serviceName);
                perEndpoint.add(new SRVRecord(qname, DClass.IN, ttl, 0, 0, epPort.getPort(), target));
                a(target, a.getIp(), additional);
            }
        }
        int weight = perEndpoint.isEmpty() ? 0 : Math.max(1, 100 / perEndpoint.size());
        for (Record r : perEndpoint) {
            SRVRecord s = (SRVRecord) r;
            answers.add(new SRVRecord(qname, DClass.IN, ttl, 0, weight, s.getPort(), s.getTarget()));
        }
        return new Answer(Rcode.NOERROR, answers, additional);
    }

    private Answer podAddress(Name qname, String dashed, int type) {
        String ip = dashed.replace('-', '.');
        if (!ip.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)")) {
            return Answer.nxdomain();
        }
        List<Record> out = new ArrayList<>();
        if (type == Type.A || type == Type.ANY) {
            a(qname, ip, out);
        }
        return new Answer(Rcode.NOERROR, out, List.of());
    }

    private List<EndpointAddress> readyAddresses(Service svc) {
        List<EndpointAddress> out = new ArrayList<>();
        for (EndpointSubset ss : subsets(endpoints.apply(svc.getMetadata().getNamespace(), svc.getMetadata().getName()))) {
            if (ss.getAddresses() != null) {
                for (EndpointAddress a : ss.getAddresses()) {
                    if (a.getIp() != null && out.stream().noneMatch(o -> o.getIp().equals(a.getIp()))) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    private static List<EndpointSubset> subsets(Endpoints ep) {
        return ep == null || ep.getSubsets() == null ? List.of() : ep.getSubsets();
    }

    /** The endpoint's hostname, or its address with dashes (as CoreDNS names endpoints without one). */
    private static String hostLabel(EndpointAddress a) {
        if (a.getHostname() != null && !a.getHostname().isEmpty()) {
            return a.getHostname().toLowerCase(Locale.ROOT);
        }
        return a.getIp().replace('.', '-').replace(':', '-');
    }

    private static boolean isHeadless(Service svc) {
        return "None".equals(svc.getSpec().getClusterIP());
    }

    private void a(Name owner, String ip, List<Record> out) {
        if (ip == null || ip.isEmpty() || ip.contains(":")) {
            return;
        }
        try {
            out.add(new ARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(ipv4(ip))));
        } catch (UnknownHostException | IllegalArgumentException e) {
            // not an IPv4 address: nothing to answer with
        }
    }

    private static byte[] ipv4(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(ip);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException(ip);
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + s, e);
        }
    }
}
