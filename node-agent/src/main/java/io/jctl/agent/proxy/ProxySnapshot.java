package io.jctl.agent.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Turns cached Services and Endpoints into the ports the proxy programs. Only Services with a
 * cluster IP take part (not headless, not ExternalName); an Endpoints port belongs to a service
 * port with the same name and protocol, and only ready addresses receive traffic.
 */
final class ProxySnapshot {
    static final int DEFAULT_AFFINITY_SECONDS = 10800;

    private ProxySnapshot() {
    }

    /** @param endpoints looks up the Endpoints of (namespace, name), or null */
    static List<ProxiedPort> of(Collection<Service> services, BiFunction<String, String, Endpoints> endpoints) {
        List<ProxiedPort> ports = new ArrayList<>();
        for (Service svc : services) {
            ServiceSpec spec = svc.getSpec();
            if (spec == null || !hasClusterIp(spec) || "ExternalName".equals(spec.getType()) || spec.getPorts() == null) {
                continue;
            }
            String ns = svc.getMetadata().getNamespace();
            String name = svc.getMetadata().getName();
            Endpoints ep = endpoints.apply(ns, name);
            int affinity = affinitySeconds(spec);
            boolean nodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
            for (ServicePort sp : spec.getPorts()) {
                if (sp.getPort() == null) {
                    continue;
                }
                String portName = sp.getName() == null ? "" : sp.getName();
                String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
                int nodePort = nodePorts && sp.getNodePort() != null ? sp.getNodePort() : 0;
                ports.add(new ProxiedPort(ns, name, portName, protocol.toLowerCase(Locale.ROOT), spec.getClusterIP(),
                        sp.getPort(), nodePort, affinity, readyEndpoints(ep, portName, protocol)));
            }
        }
        ports.sort(Comparator.comparing(ProxiedPort::displayName).thenComparing(ProxiedPort::protocol));
        return ports;
    }

    private static boolean hasClusterIp(ServiceSpec spec) {
        String ip = spec.getClusterIP();
        return ip != null && !ip.isEmpty() && !"None".equals(ip) && !ip.contains(":");
    }

    private static int affinitySeconds(ServiceSpec spec) {
        if (!"ClientIP".equals(spec.getSessionAffinity())) {
            return 0;
        }
        if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
            return spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
        }
        return DEFAULT_AFFINITY_SECONDS;
    }

    private static List<ProxiedPort.Endpoint> readyEndpoints(Endpoints ep, String portName, String protocol) {
        if (ep == null || ep.getSubsets() == null) {
            return List.of();
        }
        TreeSet<ProxiedPort.Endpoint> out = new TreeSet<>();
        for (EndpointSubset ss : ep.getSubsets()) {
            if (ss.getPorts() == null || ss.getAddresses() == null) {
                continue;
            }
            for (EndpointPort p : ss.getPorts()) {
                String name = p.getName() == null ? "" : p.getName();
                String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (!name.equals(portName) || !proto.equalsIgnoreCase(protocol) || p.getPort() == null) {
                    continue;
                }
                for (EndpointAddress a : ss.getAddresses()) {
                    if (a.getIp() != null && !a.getIp().contains(":")) {
                        out.add(new ProxiedPort.Endpoint(a.getIp(), p.getPort()));
                    }
                }
            }
        }
        return List.copyOf(out);
    }
}
