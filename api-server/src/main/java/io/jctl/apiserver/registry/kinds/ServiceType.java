package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.LabelSelectors;
import io.jctl.apiserver.validation.NameRule;
import io.jctl.apiserver.validation.ObjectMetaValidation;
import io.jctl.apiserver.validation.PodSpecValidation;
import io.jctl.apiserver.validation.ValueFormats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** core/v1 Service. */
public final class ServiceType extends ResourceType<Service> {
    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    public ServiceType() {
        super("", "v1", "Service", "services", true, Service.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("svc");
    }

    @Override
    public List<String> categories() {
        return List.of("all");
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1035_LABEL;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("spec.clusterIP", "spec.type");
    }

    @Override
    public void prepareForCreate(Service svc) {
        ServiceStatus status = new ServiceStatus();
        status.setLoadBalancer(new LoadBalancerStatus());
        svc.setStatus(status);
    }

    @Override
    public void setDefaults(Service svc) {
        if (svc.getSpec() == null) {
            svc.setSpec(new ServiceSpec());
        }
        ServiceSpec spec = svc.getSpec();
        if (empty(spec.getSessionAffinity())) {
            spec.setSessionAffinity("None");
        }
        if ("None".equals(spec.getSessionAffinity())) {
            spec.setSessionAffinityConfig(null);
        }
        if (empty(spec.getType())) {
            spec.setType("ClusterIP");
        }
        for (ServicePort p : list(spec.getPorts())) {
            if (empty(p.getProtocol())) {
                p.setProtocol("TCP");
            }
            IntOrString t = p.getTargetPort();
            if (t == null || (t.getStrVal() == null && (t.getIntVal() == null || t.getIntVal() == 0))
                    || "".equals(t.getStrVal())) {
                p.setTargetPort(new IntOrString(p.getPort() == null ? 0 : p.getPort()));
            }
        }
        String type = spec.getType();
        if ((type.equals("NodePort") || type.equals("LoadBalancer")) && empty(spec.getExternalTrafficPolicy())) {
            spec.setExternalTrafficPolicy("Cluster");
        }
        if (spec.getInternalTrafficPolicy() == null && !type.equals("ExternalName")) {
            spec.setInternalTrafficPolicy("Cluster");
        }
        if (type.equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
            spec.setAllocateLoadBalancerNodePorts(true);
        }
    }

    @Override
    protected void validate(Service svc, Service old, FieldErrors errors) {
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        if (old != null && old.getSpec() != null) {
            keepAllocatedValues(spec, old.getSpec());
        }
        String type = spec.getType() == null ? "" : spec.getType();
        boolean headless = "None".equals(spec.getClusterIP());
        List<ServicePort> ports = list(spec.getPorts());
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errors.required("spec.ports", "");
        }
        if (!TYPES.contains(type)) {
            errors.notSupported("spec.type", type, TYPES);
        }
        if (type.equals("ExternalName")) {
            String cname = spec.getExternalName() == null ? "" : spec.getExternalName();
            if (cname.endsWith(".")) {
                cname = cname.substring(0, cname.length() - 1);
            }
            if (cname.isEmpty()) {
                errors.required("spec.externalName", "");
            } else {
                String c = cname;
                NameRule.DNS1123_SUBDOMAIN.check(cname).forEach(m -> errors.invalid("spec.externalName", c, m));
            }
            if (!empty(spec.getClusterIP())) {
                errors.forbidden("spec.clusterIP", "may not be set for ExternalName services");
            }
        } else if (!empty(spec.getClusterIP()) && !headless && !ValueFormats.isIp(spec.getClusterIP())) {
            errors.invalid("spec.clusterIP", spec.getClusterIP(), "must be empty, 'None', or a valid IP address");
        }
        Set<String> names = new HashSet<>();
        boolean requireName = ports.size() > 1;
        for (int i = 0; i < ports.size(); i++) {
            validatePort(ports.get(i), "spec.ports[" + i + "]", requireName, type, names, errors);
        }
        String affinity = spec.getSessionAffinity() == null ? "" : spec.getSessionAffinity();
        if (!affinity.equals("None") && !affinity.equals("ClientIP")) {
            errors.notSupported("spec.sessionAffinity", affinity, List.of("ClientIP", "None"));
        }
        ObjectMetaValidation.validateLabels(spec.getSelector(), "spec.selector", errors);
        String itp = spec.getInternalTrafficPolicy();
        if (itp != null && !itp.equals("Cluster") && !itp.equals("Local")) {
            errors.notSupported("spec.internalTrafficPolicy", itp, List.of("Cluster", "Local"));
        }
        List<String> externalIps = list(spec.getExternalIPs());
        for (int i = 0; i < externalIps.size(); i++) {
            String ip = externalIps.get(i);
            int idx = i;
            ValueFormats.ip(ip).forEach(m -> errors.invalid("spec.externalIPs[" + idx + "]", ip, m));
        }
        if (old != null && old.getSpec() != null) {
            String oldIp = old.getSpec().getClusterIP();
            boolean externalName = type.equals("ExternalName") || "ExternalName".equals(old.getSpec().getType());
            if (!externalName && !empty(oldIp) && !oldIp.equals(spec.getClusterIP())) {
                errors.invalid("spec.clusterIP", spec.getClusterIP() == null ? "" : spec.getClusterIP(), "field is immutable");
            }
        }
    }

    /**
     * An update that leaves out the allocated cluster IP and node ports keeps them, as the Service
     * REST strategy does, so {@code kubectl replace} of a manifest without them works.
     */
    private static void keepAllocatedValues(ServiceSpec spec, ServiceSpec old) {
        if (empty(spec.getClusterIP()) && !empty(old.getClusterIP()) && !"ExternalName".equals(spec.getType())) {
            spec.setClusterIP(old.getClusterIP());
            if (list(spec.getClusterIPs()).isEmpty()) {
                spec.setClusterIPs(old.getClusterIPs() == null ? null : new ArrayList<>(old.getClusterIPs()));
            }
        }
        for (ServicePort p : list(spec.getPorts())) {
            if (p.getNodePort() != null && p.getNodePort() != 0) {
                continue;
            }
            for (ServicePort o : list(old.getPorts())) {
                if (Objects.equals(o.getPort(), p.getPort()) && Objects.equals(o.getProtocol(), p.getProtocol())
                        && o.getNodePort() != null && o.getNodePort() != 0
                        && !"ClusterIP".equals(spec.getType())) {
                    p.setNodePort(o.getNodePort());
                }
            }
        }
    }

    private static void validatePort(ServicePort sp, String path, boolean requireName, String type, Set<String> names,
                                     FieldErrors errors) {
        String name = sp.getName() == null ? "" : sp.getName();
        if (requireName && name.isEmpty()) {
            errors.required(path + ".name", "");
        } else if (!name.isEmpty()) {
            NameRule.DNS1123_LABEL.check(name).forEach(m -> errors.invalid(path + ".name", name, m));
            if (!names.add(name)) {
                errors.duplicate(path + ".name", name);
            }
        }
        int port = sp.getPort() == null ? 0 : sp.getPort();
        ValueFormats.portNumber(port).forEach(m -> errors.invalid(path + ".port", port, m));
        String protocol = sp.getProtocol();
        if (empty(protocol)) {
            errors.required(path + ".protocol", "");
        } else if (!PROTOCOLS.contains(protocol)) {
            errors.notSupported(path + ".protocol", protocol, PROTOCOLS);
        }
        PodSpecValidation.portNumOrName(sp.getTargetPort(), path + ".targetPort", errors);
        if (sp.getNodePort() != null && sp.getNodePort() != 0) {
            if (type.equals("ClusterIP")) {
                errors.forbidden(path + ".nodePort", "may not be used when `type` is 'ClusterIP'");
            } else {
                ValueFormats.portNumber(sp.getNodePort()).forEach(m -> errors.invalid(path + ".nodePort", sp.getNodePort(), m));
            }
        }
    }

    @Override
    protected void validateStatus(Service svc, Service old, FieldErrors errors) {
        if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
            return;
        }
        List<LoadBalancerIngress> ingress = list(svc.getStatus().getLoadBalancer().getIngress());
        for (int i = 0; i < ingress.size(); i++) {
            String ip = ingress.get(i).getIp();
            if (!empty(ip)) {
                int idx = i;
                ValueFormats.ip(ip).forEach(m -> errors.invalid("status.loadBalancer.ingress[" + idx + "].ip", ip, m));
            }
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                TableColumn.string("Type", "type determines how the Service is exposed. Defaults to ClusterIP."),
                TableColumn.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
                TableColumn.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                TableColumn.string("Port(s)", "The list of ports that are exposed by this service."),
                TableColumn.AGE,
                TableColumn.wide("Selector", "Route service traffic to pods with label keys and values matching this selector."));
    }

    @Override
    public List<Object> cells(Service svc) {
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        String clusterIp = !list(spec.getClusterIPs()).isEmpty() ? spec.getClusterIPs().get(0)
                : empty(spec.getClusterIP()) ? "<none>" : spec.getClusterIP();
        String ports = portString(list(spec.getPorts()));
        return List.of(spec.getType() == null ? "" : spec.getType(), clusterIp, externalIp(svc), ports.isEmpty() ? "<none>" : ports,
                TableColumn.age(svc), LabelSelectors.formatLabels(spec.getSelector()));
    }

    static String portString(List<ServicePort> ports) {
        List<String> pieces = new ArrayList<>();
        for (ServicePort p : ports) {
            String protocol = p.getProtocol() == null ? "" : p.getProtocol();
            int port = p.getPort() == null ? 0 : p.getPort();
            pieces.add(p.getNodePort() != null && p.getNodePort() > 0
                    ? port + ":" + p.getNodePort() + "/" + protocol : port + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    private static String externalIp(Service svc) {
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        List<String> external = list(spec.getExternalIPs());
        switch (spec.getType() == null ? "" : spec.getType()) {
            case "ClusterIP", "NodePort":
                return external.isEmpty() ? "<none>" : String.join(",", external);
            case "LoadBalancer": {
                List<String> all = new ArrayList<>();
                if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
                    for (LoadBalancerIngress ing : list(svc.getStatus().getLoadBalancer().getIngress())) {
                        if (!empty(ing.getIp())) {
                            all.add(ing.getIp());
                        } else if (!empty(ing.getHostname())) {
                            all.add(ing.getHostname());
                        }
                    }
                }
                all.addAll(external);
                return all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName":
                return spec.getExternalName() == null ? "" : spec.getExternalName();
            default:
                return "<unknown>";
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
