package io.jctl.apiserver.registry.kinds;

import io.jctl.api.resources.QosClass;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.NameRule;
import io.jctl.apiserver.validation.PodSpecValidation;
import io.jctl.apiserver.validation.PodUpdateValidation;
import io.jctl.apiserver.validation.ValueFormats;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** core/v1 Pod. */
public final class PodType extends ResourceType<Pod> {
    public PodType() {
        super("", "v1", "Pod", "pods", true, Pod.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("po");
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
    public Set<String> extraSubresources() {
        return Set.of("binding", "log", "exec", "portforward");
    }

    @Override
    public List<String> selectableFields() {
        return List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "status.phase", "status.podIP", "status.nominatedNodeName");
    }

    /** A new pod is Pending with its QoS class; what it runs as is decided later by the node. */
    @Override
    public void prepareForCreate(Pod pod) {
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        status.setQosClass(QosClass.of(pod.getSpec()));
        pod.setStatus(status);
    }

    @Override
    public void setDefaults(Pod pod) {
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        PodDefaults.pod(pod.getSpec());
    }

    @Override
    protected void validate(Pod pod, Pod old, FieldErrors errors) {
        PodSpecValidation.validate(pod.getSpec(), "spec", errors);
        if (old != null) {
            PodUpdateValidation.validate(pod.getSpec(), old.getSpec(), errors);
        }
    }

    /** {@link #validateStatus} checks the new status only. */
    @Override
    public boolean statusValidationReadsOld() {
        return false;
    }

    @Override
    protected void validateStatus(Pod pod, Pod old, FieldErrors errors) {
        PodStatus s = pod.getStatus();
        if (s == null) {
            return;
        }
        if (s.getNominatedNodeName() != null && !s.getNominatedNodeName().isEmpty()) {
            NameRule.DNS1123_SUBDOMAIN.check(s.getNominatedNodeName())
                    .forEach(m -> errors.invalid("status.nominatedNodeName", s.getNominatedNodeName(), m));
        }
        List<PodIP> ips = s.getPodIPs() == null ? List.of() : s.getPodIPs();
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i).getIp() == null ? "" : ips.get(i).getIp();
            int idx = i;
            ValueFormats.ip(ip).forEach(m -> errors.invalid("status.podIPs[" + idx + "].ip", ip, m));
        }
        if (s.getPodIP() != null && !s.getPodIP().isEmpty()) {
            ValueFormats.ip(s.getPodIP()).forEach(m -> errors.invalid("status.podIP", s.getPodIP(), m));
        }
        if (s.getHostIP() != null && !s.getHostIP().isEmpty()) {
            ValueFormats.ip(s.getHostIP()).forEach(m -> errors.invalid("status.hostIP", s.getHostIP(), m));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return PodTable.COLUMNS;
    }

    @Override
    public List<Object> cells(Pod pod) {
        return PodTable.cells(pod, Instant.now());
    }
}
