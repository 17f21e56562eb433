package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Taint;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.PodSpecValidation;
import io.jctl.apiserver.validation.ValueFormats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** core/v1 Node. Its status is kept on create: node agents register with their status. */
public final class NodeType extends ResourceType<Node> {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    public NodeType() {
        super("", "v1", "Node", "nodes", false, Node.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("no");
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("spec.unschedulable");
    }

    /** What a node can run defaults to what it has, as kube-apiserver does when allocatable is missing. */
    @Override
    public void setDefaults(Node node) {
        NodeStatus s = node.getStatus();
        if (s != null && s.getCapacity() != null && !s.getCapacity().isEmpty()
                && (s.getAllocatable() == null || s.getAllocatable().isEmpty())) {
            s.setAllocatable(new LinkedHashMap<>(s.getCapacity()));
        }
    }

    @Override
    protected void validate(Node node, Node old, FieldErrors errors) {
        NodeSpec spec = node.getSpec();
        if (spec != null) {
            validateTaints(spec.getTaints() == null ? List.of() : spec.getTaints(), errors);
            if (spec.getPodCIDR() != null && !spec.getPodCIDR().isEmpty() && !isCidr(spec.getPodCIDR())) {
                errors.invalid("spec.podCIDR", spec.getPodCIDR(), "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            }
        }
        if (old != null && old.getSpec() != null) {
            String oldCidr = old.getSpec().getPodCIDR();
            String cidr = spec == null ? null : spec.getPodCIDR();
            if (oldCidr != null && !oldCidr.isEmpty() && !oldCidr.equals(cidr)) {
                errors.forbidden("spec.podCIDR", "node updates may not change podCIDR except from \"\" to valid");
            }
            String oldProvider = old.getSpec().getProviderID();
            String provider = spec == null ? null : spec.getProviderID();
            if (oldProvider != null && !oldProvider.isEmpty() && !oldProvider.equals(provider)) {
                errors.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid");
            }
        }
        validateStatus(node, old, errors);
    }

    private static void validateTaints(List<Taint> taints, FieldErrors errors) {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (int i = 0; i < taints.size(); i++) {
            Taint t = taints.get(i);
            String p = "spec.taints[" + i + "]";
            String key = t.getKey() == null ? "" : t.getKey();
            ValueFormats.qualifiedName(key).forEach(m -> errors.invalid(p + ".key", key, m));
            String value = t.getValue() == null ? "" : t.getValue();
            List<String> msgs = ValueFormats.labelValue(value);
            if (!msgs.isEmpty()) {
                errors.invalid(p + ".value", value, String.join(";", msgs));
            }
            String effect = t.getEffect() == null ? "" : t.getEffect();
            if (effect.isEmpty()) {
                errors.required(p + ".effect", "");
            } else if (!PodSpecValidation.TAINT_EFFECTS.contains(effect)) {
                errors.notSupported(p + ".effect", effect, PodSpecValidation.TAINT_EFFECTS);
            }
            if (!seen.computeIfAbsent(effect, e -> new HashSet<>()).add(key)) {
                errors.add(new io.jctl.api.errors.StatusCause("FieldValueDuplicate",
                        "Duplicate value: \"" + key + ":" + effect + "\": taints must be unique by key and effect pair", p));
            }
        }
    }

    /** {@link #validateStatus} checks the new status only. */
    @Override
    public boolean statusValidationReadsOld() {
        return false;
    }

    @Override
    protected void validateStatus(Node node, Node old, FieldErrors errors) {
        NodeStatus s = node.getStatus();
        if (s == null || s.getAddresses() == null) {
            return;
        }
        for (int i = 0; i < s.getAddresses().size(); i++) {
            NodeAddress a = s.getAddresses().get(i);
            if (("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) && a.getAddress() != null) {
                int idx = i;
                ValueFormats.ip(a.getAddress()).forEach(m -> errors.invalid("status.addresses[" + idx + "].address", a.getAddress(), m));
            }
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                TableColumn.string("Status", "The status of the node"),
                TableColumn.string("Roles", "The roles of the node"),
                TableColumn.AGE,
                TableColumn.string("Version", "Kubelet Version reported by the node."),
                TableColumn.wide("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
                TableColumn.wide("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
                TableColumn.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
                TableColumn.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
                TableColumn.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));
    }

    @Override
    public List<Object> cells(Node node) {
        NodeStatus s = node.getStatus() == null ? new NodeStatus() : node.getStatus();
        NodeSystemInfo info = s.getNodeInfo() == null ? new NodeSystemInfo() : s.getNodeInfo();
        String roles = String.join(",", roles(node));
        return List.of(status(node), roles.isEmpty() ? "<none>" : roles, TableColumn.age(node),
                nz(info.getKubeletVersion()), address(s, "InternalIP"), address(s, "ExternalIP"),
                orUnknown(info.getOsImage()), orUnknown(info.getKernelVersion()), orUnknown(info.getContainerRuntimeVersion()));
    }

    /** {@code Ready}, {@code NotReady} or {@code Unknown}, plus {@code SchedulingDisabled} when cordoned. */
    static String status(Node node) {
        List<String> parts = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            NodeCondition ready = null;
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = c;
                }
            }
            if (ready != null) {
                parts.add("True".equals(ready.getStatus()) ? "Ready" : "NotReady");
            }
        }
        if (parts.isEmpty()) {
            parts.add("Unknown");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            parts.add("SchedulingDisabled");
        }
        return String.join(",", parts);
    }

    static List<String> roles(Node node) {
        TreeSet<String> roles = new TreeSet<>();
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
                    roles.add(k.substring(ROLE_PREFIX.length()));
                } else if (k.equals("kubernetes.io/role") && v != null && !v.isEmpty()) {
                    roles.add(v);
                }
            });
        }
        return new ArrayList<>(roles);
    }

    private static String address(NodeStatus s, String type) {
        if (s.getAddresses() != null) {
            for (NodeAddress a : s.getAddresses()) {
                if (type.equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "<none>";
    }

    private static boolean isCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = s.substring(0, slash);
        try {
            int bits = Integer.parseInt(s.substring(slash + 1));
            return ValueFormats.isIp(ip) && bits >= 0 && bits <= (ip.contains(":") ? 128 : 32);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
