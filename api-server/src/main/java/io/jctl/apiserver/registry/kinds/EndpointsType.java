package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.NameRule;
import io.jctl.apiserver.validation.ValueFormats;

import java.util.ArrayList;
import java.util.List;

/** core/v1 Endpoints. */
public final class EndpointsType extends ResourceType<Endpoints> {
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final int MAX_SHOWN = 3;

    public EndpointsType() {
        super("", "v1", "Endpoints", "endpoints", true, Endpoints.class);
    }

    @Override
    public String singular() {
        return "endpoints";
    }

    @Override
    public List<String> shortNames() {
        return List.of("ep");
    }

    @Override
    public void setDefaults(Endpoints ep) {
        for (EndpointSubset ss : list(ep.getSubsets())) {
            for (EndpointPort p : list(ss.getPorts())) {
                if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
                    p.setProtocol("TCP");
                }
            }
        }
    }

    @Override
    protected void validate(Endpoints ep, Endpoints old, FieldErrors errors) {
        List<EndpointSubset> subsets = list(ep.getSubsets());
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset ss = subsets.get(i);
            String p = "subsets[" + i + "]";
            if (list(ss.getAddresses()).isEmpty() && list(ss.getNotReadyAddresses()).isEmpty()) {
                errors.required(p, "must specify `addresses` or `notReadyAddresses`");
            }
            addresses(list(ss.getAddresses()), p + ".addresses", errors);
            addresses(list(ss.getNotReadyAddresses()), p + ".notReadyAddresses", errors);
            List<EndpointPort> ports = list(ss.getPorts());
            for (int j = 0; j < ports.size(); j++) {
                port(ports.get(j), ports.size() > 1, p + ".ports[" + j + "]", errors);
            }
        }
    }

    private static void addresses(List<EndpointAddress> addresses, String path, FieldErrors errors) {
        for (int i = 0; i < addresses.size(); i++) {
            EndpointAddress a = addresses.get(i);
            String p = path + "[" + i + "]";
            String ip = a.getIp() == null ? "" : a.getIp();
            ValueFormats.ip(ip).forEach(m -> errors.invalid(p + ".ip", ip, m));
            if (a.getHostname() != null && !a.getHostname().isEmpty()) {
                NameRule.DNS1123_LABEL.check(a.getHostname()).forEach(m -> errors.invalid(p + ".hostname", a.getHostname(), m));
            }
            if (a.getNodeName() != null && !a.getNodeName().isEmpty()) {
                NameRule.DNS1123_SUBDOMAIN.check(a.getNodeName()).forEach(m -> errors.invalid(p + ".nodeName", a.getNodeName(), m));
            }
        }
    }

    private static void port(EndpointPort port, boolean requireName, String path, FieldErrors errors) {
        String name = port.getName() == null ? "" : port.getName();
        if (requireName && name.isEmpty()) {
            errors.required(path + ".name", "");
        } else if (!name.isEmpty()) {
            NameRule.DNS1123_LABEL.check(name).forEach(m -> errors.invalid(path + ".name", name, m));
        }
        int n = port.getPort() == null ? 0 : port.getPort();
        ValueFormats.portNumber(n).forEach(m -> errors.invalid(path + ".port", n, m));
        String protocol = port.getProtocol();
        if (protocol == null || protocol.isEmpty()) {
            errors.required(path + ".protocol", "");
        } else if (!PROTOCOLS.contains(protocol)) {
            errors.notSupported(path + ".protocol", protocol, PROTOCOLS);
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.string("Endpoints", "Endpoints of the service"), TableColumn.AGE);
    }

    @Override
    public List<Object> cells(Endpoints ep) {
        return List.of(format(ep), TableColumn.age(ep));
    }

    /** kubectl's {@code formatEndpoints}: the first three {@code ip:port}, then how many more. */
    static String format(Endpoints ep) {
        List<EndpointSubset> subsets = list(ep.getSubsets());
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (EndpointSubset ss : subsets) {
            List<EndpointAddress> addresses = list(ss.getAddresses());
            if (list(ss.getPorts()).isEmpty()) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() == MAX_SHOWN) {
                        more = true;
                        break;
                    }
                    shown.add(a.getIp());
                }
                continue;
            }
            for (EndpointPort port : ss.getPorts()) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() == MAX_SHOWN) {
                        more = true;
                        break;
                    }
                    String ip = a.getIp() == null ? "" : a.getIp();
                    shown.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port.getPort());
                }
            }
        }
        String joined = String.join(",", shown);
        return more ? joined + " + " + (count - MAX_SHOWN) + " more..." : joined;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
