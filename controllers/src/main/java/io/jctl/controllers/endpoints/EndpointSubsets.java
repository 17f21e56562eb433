package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.jctl.controllers.replicaset.PodReadiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The subsets a Service's Endpoints should hold, computed from the Service and its selected
 * pods as Kubernetes' endpoints controller does: one entry per pod and resolvable port, then
 * repacked so that pods resolving the same set of ports share one subset. The output is sorted,
 * so equal inputs give equal (comparable) results.
 */
public final class EndpointSubsets {
    private static final Comparator<EndpointAddress> BY_IP_AND_UID = Comparator
            .comparing((EndpointAddress a) -> ipSortKey(a.getIp()))
            .thenComparing(a -> a.getTargetRef() == null || a.getTargetRef().getUid() == null ? "" : a.getTargetRef().getUid());

    private EndpointSubsets() {
    }

    /** The subsets for {@code service} given the pods its selector matches. */
    public static List<EndpointSubset> compute(Service service, Collection<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        boolean headless = "None".equals(service.getSpec().getClusterIP());
        // Port set -> [ready addresses, not-ready addresses]; insertion order is irrelevant, the result is sorted.
        Map<List<PortKey>, Group> groups = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (!belongsInEndpoints(pod, publishNotReady)) {
                continue;
            }
            List<PortKey> ports = new ArrayList<>();
            for (ServicePort sp : servicePorts) {
                OptionalInt port = resolveTargetPort(pod, sp);
                if (port.isPresent()) {
                    ports.add(new PortKey(sp.getName(), port.getAsInt(), protocol(sp.getProtocol()), sp.getAppProtocol()));
                }
            }
            if (ports.isEmpty() && !(servicePorts.isEmpty() && headless)) {
                continue; // a pod that offers none of the service's ports gets no traffic from it
            }
            boolean ready = publishNotReady || PodReadiness.isReady(pod);
            Group group = groups.computeIfAbsent(ports, p -> new Group());
            (ready ? group.ready : group.notReady).add(address(service, pod));
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        groups.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    e.getValue().ready.sort(BY_IP_AND_UID);
                    e.getValue().notReady.sort(BY_IP_AND_UID);
                    EndpointSubsetBuilder b = new EndpointSubsetBuilder();
                    if (!e.getValue().ready.isEmpty()) {
                        b.withAddresses(e.getValue().ready);
                    }
                    if (!e.getValue().notReady.isEmpty()) {
                        b.withNotReadyAddresses(e.getValue().notReady);
                    }
                    if (!e.getKey().isEmpty()) {
                        b.withPorts(e.getKey().stream().map(PortKey::toEndpointPort).toList());
                    }
                    subsets.add(b.build());
                });
        return subsets;
    }

    /**
     * Kubernetes' {@code ShouldPodBeInEndpoints}: has an IP, has not finished, and is not being
     * deleted (unless the Service publishes not-ready addresses, which includes terminating pods).
     */
    static boolean belongsInEndpoints(Pod pod, boolean includeTerminating) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getPodIP().isEmpty()) {
            return false;
        }
        String phase = pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    /**
     * The pod's port for a service port, as {@code podutil.FindPort}: a number is taken as it is,
     * a name is looked up among the pod's container ports of the same protocol.
     */
    static OptionalInt resolveTargetPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getStrVal() == null && target.getIntVal() == null)) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getStrVal() == null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = protocol(servicePort.getProtocol());
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (c.getPorts() == null) {
                    continue;
                }
                for (ContainerPort p : c.getPorts()) {
                    if (name.equals(p.getName()) && protocol.equals(protocol(p.getProtocol())) && p.getContainerPort() != null) {
                        return OptionalInt.of(p.getContainerPort());
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    private static EndpointAddress address(Service service, Pod pod) {
        EndpointAddressBuilder b = new EndpointAddressBuilder().withIp(pod.getStatus().getPodIP())
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null && !node.isEmpty()) {
            b.withNodeName(node);
        }
        // A pod's own hostname is published only where its subdomain names this service, so that
        // <hostname>.<service>.<ns>.svc resolves to it (headless services for StatefulSets).
        if (pod.getSpec() != null && pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                && Objects.equals(pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace())) {
            b.withHostname(pod.getSpec().getHostname());
        }
        return b.build();
    }

    private static String protocol(String p) {
        return p == null || p.isEmpty() ? "TCP" : p;
    }

    /** Sorts dotted IPv4 numerically; anything else after it, as text. */
    private static String ipSortKey(String ip) {
        String[] parts = ip == null ? new String[0] : ip.split("\\.");
        if (parts.length != 4) {
            return "~" + ip;
        }
        StringBuilder key = new StringBuilder();
        try {
            for (String part : parts) {
                key.append(String.format("%03d", Integer.parseInt(part)));
            }
        } catch (NumberFormatException e) {
            return "~" + ip;
        }
        return key.toString();
    }

    private record PortKey(String name, int port, String protocol, String appProtocol) {
        EndpointPort toEndpointPort() {
            EndpointPortBuilder b = new EndpointPortBuilder().withPort(port).withProtocol(protocol);
            if (name != null && !name.isEmpty()) {
                b.withName(name);
            }
            if (appProtocol != null && !appProtocol.isEmpty()) {
                b.withAppProtocol(appProtocol);
            }
            return b.build();
        }
    }

    private static final class Group {
        final List<EndpointAddress> ready = new ArrayList<>();
        final List<EndpointAddress> notReady = new ArrayList<>();
    }
}
