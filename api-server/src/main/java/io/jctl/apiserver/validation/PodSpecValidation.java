package io.jctl.apiserver.validation;

import io.jctl.api.resources.Quantities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.jctl.api.json.Json;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' {@code ValidatePodSpec} for the parts jctl runs: containers, ports, env, resources,
 * volumes and mounts, probes, policies, node selector and tolerations. {@code path} is where the
 * spec sits ({@code spec} in a Pod, {@code spec.template.spec} in a workload).
 */
public final class PodSpecValidation {
    public static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    public static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    public static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    public static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    public static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    /** Volume sources in the order Kubernetes checks them; a second one is reported as Forbidden. */
    private static final List<String> VOLUME_SOURCES = List.of("emptyDir", "hostPath", "gitRepo", "awsElasticBlockStore",
            "secret", "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "quobyte",
            "gcePersistentDisk", "cinder", "cephfs", "downwardAPI", "fc", "azureFile", "vsphereVolume",
            "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "configMap", "projected", "scaleIO",
            "csi", "ephemeral", "image", "flexVolume");
    private static final Set<String> FIELD_REF_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
            "status.podIPs");
    private static final Pattern FIELD_REF_SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final Set<String> STANDARD_CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    private PodSpecValidation() {
    }

    public static void validate(PodSpec spec, String path, FieldErrors errors) {
        if (spec == null) {
            errors.required(path, "");
            return;
        }
        Set<String> volumes = validateVolumes(list(spec.getVolumes()), path + ".volumes", errors);
        Set<String> names = new HashSet<>();
        List<Container> containers = list(spec.getContainers());
        if (containers.isEmpty()) {
            errors.required(path + ".containers", "");
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String p = path + ".containers[" + i + "]";
            validateContainer(c, volumes, p, errors);
            if (!names.add(nz(c.getName()))) {
                errors.duplicate(p + ".name", nz(c.getName()));
            }
            validateProbe(c.getLivenessProbe(), p + ".livenessProbe", true, errors);
            validateProbe(c.getReadinessProbe(), p + ".readinessProbe", false, errors);
            validateProbe(c.getStartupProbe(), p + ".startupProbe", true, errors);
            if (c.getRestartPolicy() != null) {
                errors.forbidden(p + ".restartPolicy", "may not be set for non-init containers");
            }
        }
        List<Container> inits = list(spec.getInitContainers());
        for (int i = 0; i < inits.size(); i++) {
            Container c = inits.get(i);
            String p = path + ".initContainers[" + i + "]";
            validateContainer(c, volumes, p, errors);
            if (names.contains(nz(c.getName()))) {
                errors.duplicate(p + ".name", nz(c.getName()));
            } else if (!nz(c.getName()).isEmpty()) {
                names.add(c.getName());
            }
            if ("Always".equals(c.getRestartPolicy())) {
                validateProbe(c.getLivenessProbe(), p + ".livenessProbe", true, errors);
                validateProbe(c.getReadinessProbe(), p + ".readinessProbe", false, errors);
                validateProbe(c.getStartupProbe(), p + ".startupProbe", true, errors);
            } else {
                if (c.getRestartPolicy() != null) {
                    errors.notSupported(p + ".restartPolicy", c.getRestartPolicy(), List.of("Always"));
                }
                String why = "may not be set for init containers without restartPolicy=Always";
                if (c.getLifecycle() != null) {
                    errors.forbidden(p + ".lifecycle", why);
                }
                if (c.getLivenessProbe() != null) {
                    errors.forbidden(p + ".livenessProbe", why);
                }
                if (c.getReadinessProbe() != null) {
                    errors.forbidden(p + ".readinessProbe", why);
                }
                if (c.getStartupProbe() != null) {
                    errors.forbidden(p + ".startupProbe", why);
                }
            }
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            validateHostNetworkPorts(containers, path + ".containers", errors);
            validateHostNetworkPorts(inits, path + ".initContainers", errors);
        }
        enumValue(spec.getRestartPolicy(), RESTART_POLICIES, path + ".restartPolicy", errors);
        enumValue(spec.getDnsPolicy(), DNS_POLICIES, path + ".dnsPolicy", errors);
        if ("None".equals(spec.getDnsPolicy())) {
            if (spec.getDnsConfig() == null) {
                errors.required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
            } else if (list(spec.getDnsConfig().getNameservers()).isEmpty()) {
                errors.required(path + ".dnsConfig.nameservers",
                        "must provide at least one DNS nameserver when `dnsPolicy` is None");
            }
        }
        ObjectMetaValidation.validateLabels(spec.getNodeSelector(), path + ".nodeSelector", errors);
        if (!nz(spec.getServiceAccountName()).isEmpty()) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(spec.getServiceAccountName())) {
                errors.invalid(path + ".serviceAccountName", spec.getServiceAccountName(), m);
            }
        }
        if (!nz(spec.getNodeName()).isEmpty()) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(spec.getNodeName())) {
                errors.invalid(path + ".nodeName", spec.getNodeName(), m);
            }
        }
        if (spec.getActiveDeadlineSeconds() != null
                && (spec.getActiveDeadlineSeconds() < 1 || spec.getActiveDeadlineSeconds() > Integer.MAX_VALUE)) {
            errors.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(),
                    ValueFormats.inclusiveRangeError(1, Integer.MAX_VALUE));
        }
        dnsLabel(spec.getHostname(), path + ".hostname", errors);
        dnsLabel(spec.getSubdomain(), path + ".subdomain", errors);
        validateTolerations(list(spec.getTolerations()), path + ".tolerations", errors);
    }

    private static void validateContainer(Container c, Set<String> volumes, String p, FieldErrors errors) {
        if (nz(c.getName()).isEmpty()) {
            errors.required(p + ".name", "");
        } else {
            dnsLabel(c.getName(), p + ".name", errors);
        }
        if (nz(c.getImage()).isEmpty()) {
            errors.required(p + ".image", "");
        }
        validatePorts(list(c.getPorts()), p + ".ports", errors);
        validateEnv(list(c.getEnv()), p + ".env", errors);
        validateVolumeMounts(list(c.getVolumeMounts()), volumes, p + ".volumeMounts", errors);
        enumValue(c.getImagePullPolicy(), PULL_POLICIES, p + ".imagePullPolicy", errors);
        validateResources(c.getResources(), p + ".resources", errors);
        String tmp = c.getTerminationMessagePolicy();
        if (tmp == null || tmp.isEmpty()) {
            errors.required(p + ".terminationMessagePolicy", "must be 'File' or 'FallbackToLogsOnError'");
        } else if (!tmp.equals("File") && !tmp.equals("FallbackToLogsOnError")) {
            errors.invalid(p + ".terminationMessagePolicy", tmp, "must be 'File' or 'FallbackToLogsOnError'");
        }
    }

    private static void validatePorts(List<ContainerPort> ports, String path, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort port = ports.get(i);
            String p = path + "[" + i + "]";
            if (!nz(port.getName()).isEmpty()) {
                List<String> msgs = ValueFormats.portName(port.getName());
                if (!msgs.isEmpty()) {
                    msgs.forEach(m -> errors.invalid(p + ".name", port.getName(), m));
                } else if (!names.add(port.getName())) {
                    errors.duplicate(p + ".name", port.getName());
                }
            }
            int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
            if (containerPort == 0) {
                errors.required(p + ".containerPort", "");
            } else {
                ValueFormats.portNumber(containerPort).forEach(m -> errors.invalid(p + ".containerPort", containerPort, m));
            }
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                ValueFormats.portNumber(port.getHostPort()).forEach(m -> errors.invalid(p + ".hostPort", port.getHostPort(), m));
            }
            protocol(port.getProtocol(), p + ".protocol", errors);
        }
    }

    static void protocol(String protocol, String path, FieldErrors errors) {
        if (protocol == null || protocol.isEmpty()) {
            errors.required(path, "");
        } else if (!PROTOCOLS.contains(protocol)) {
            errors.notSupported(path, protocol, PROTOCOLS);
        }
    }

    private static void validateHostNetworkPorts(List<Container> containers, String path, FieldErrors errors) {
        for (int i = 0; i < containers.size(); i++) {
            List<ContainerPort> ports = list(containers.get(i).getPorts());
            for (int j = 0; j < ports.size(); j++) {
                ContainerPort port = ports.get(j);
                Integer host = port.getHostPort();
                if (host != null && !host.equals(port.getContainerPort())) {
                    errors.invalid(path + "[" + i + "].ports[" + j + "].hostPort", host,
                            "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }

    private static void validateEnv(List<EnvVar> env, String path, FieldErrors errors) {
        for (int i = 0; i < env.size(); i++) {
            EnvVar ev = env.get(i);
            String p = path + "[" + i + "]";
            if (nz(ev.getName()).isEmpty()) {
                errors.required(p + ".name", "");
            } else {
                ValueFormats.envVarName(ev.getName()).forEach(m -> errors.invalid(p + ".name", ev.getName(), m));
            }
            validateValueFrom(ev, p + ".valueFrom", errors);
        }
    }

    private static void validateValueFrom(EnvVar ev, String path, FieldErrors errors) {
        EnvVarSource from = ev.getValueFrom();
        if (from == null) {
            return;
        }
        int sources = 0;
        if (from.getFieldRef() != null) {
            sources++;
            String fieldPath = nz(from.getFieldRef().getFieldPath());
            if (nz(from.getFieldRef().getApiVersion()).isEmpty()) {
                errors.required(path + ".fieldRef.apiVersion", "");
            }
            if (fieldPath.isEmpty()) {
                errors.required(path + ".fieldRef.fieldPath", "");
            } else if (!FIELD_REF_PATHS.contains(fieldPath) && !FIELD_REF_SUBSCRIPT.matcher(fieldPath).matches()) {
                errors.notSupported(path + ".fieldRef.fieldPath", fieldPath, FIELD_REF_PATHS.stream().sorted().toList());
            }
        }
        if (from.getResourceFieldRef() != null) {
            sources++;
            if (nz(from.getResourceFieldRef().getResource()).isEmpty()) {
                errors.required(path + ".resourceFieldRef.resource", "");
            }
        }
        if (from.getConfigMapKeyRef() != null) {
            sources++;
            keyRef(from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey(), path + ".configMapKeyRef", errors);
        }
        if (from.getSecretKeyRef() != null) {
            sources++;
            keyRef(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey(), path + ".secretKeyRef", errors);
        }
        if (sources == 0) {
            errors.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        } else if (!nz(ev.getValue()).isEmpty()) {
            errors.invalid(path, "", "may not be specified when `value` is not empty");
        } else if (sources > 1) {
            errors.invalid(path, "", "may not have more than one field specified at a time");
        }
    }

    private static void keyRef(String name, String key, String path, FieldErrors errors) {
        if (nz(name).isEmpty()) {
            errors.required(path + ".name", "");
        }
        if (nz(key).isEmpty()) {
            errors.required(path + ".key", "");
        } else {
            ValueFormats.configMapKey(key).forEach(m -> errors.invalid(path + ".key", key, m));
        }
    }

    private static void validateResources(ResourceRequirements r, String path, FieldErrors errors) {
        if (r == null) {
            return;
        }
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        limits.forEach((name, q) -> {
            String p = path + ".limits[" + name + "]";
            resourceName(name, p, errors);
            quantityValue(name, q, p, errors);
        });
        requests.forEach((name, q) -> {
            String p = path + ".requests[" + name + "]";
            resourceName(name, p, errors);
            Optional<BigDecimal> value = quantityValue(name, q, p, errors);
            Quantity limit = limits.get(name);
            if (limit != null) {
                Optional<BigDecimal> lim = Quantities.parse(limit);
                if (value.isPresent() && lim.isPresent()) {
                    int cmp = value.get().compareTo(lim.get());
                    if (cmp != 0 && !overcommitAllowed(name)) {
                        errors.invalid(path + ".requests", Quantities.text(q),
                                "must be equal to " + name + " limit of " + Quantities.text(limit));
                    } else if (cmp > 0) {
                        errors.invalid(path + ".requests", Quantities.text(q),
                                "must be less than or equal to " + name + " limit of " + Quantities.text(limit));
                    }
                }
            } else if (!overcommitAllowed(name)) {
                errors.required(path + ".limits", "Limit must be set for non overcommitable resources");
            }
        });
    }

    private static void resourceName(String name, String path, FieldErrors errors) {
        ValueFormats.qualifiedName(name).forEach(m -> errors.invalid(path, name, m));
        if (!name.contains("/")) {
            if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
                errors.invalid(path, name, "must be a standard resource for containers");
            }
        } else if (!isNative(name) && name.startsWith("requests.")) {
            errors.invalid(path, name, "doesn't follow extended resource name standard");
        }
    }

    private static Optional<BigDecimal> quantityValue(String name, Quantity q, String path, FieldErrors errors) {
        String text = Quantities.text(q);
        Optional<BigDecimal> value = Quantities.parse(text);
        if (value.isEmpty()) {
            errors.invalid(path, text, Quantities.FORMAT_ERROR);
            return value;
        }
        if (value.get().signum() < 0) {
            errors.invalid(path, text, "must be greater than or equal to 0");
        }
        if (!isNative(name) && value.get().stripTrailingZeros().scale() > 0) {
            errors.invalid(path, text, "must be an integer");
        }
        return value;
    }

    private static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    private static boolean overcommitAllowed(String name) {
        return isNative(name) && !name.startsWith("hugepages-");
    }

    /** Returns the names of the volumes without errors, which mounts may refer to. */
    private static Set<String> validateVolumes(List<Volume> volumes, String path, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String p = path + "[" + i + "]";
            FieldErrors own = new FieldErrors();
            validateVolumeSource(v, p, own);
            if (nz(v.getName()).isEmpty()) {
                own.required(p + ".name", "");
            } else {
                dnsLabel(v.getName(), p + ".name", own);
            }
            if (names.contains(nz(v.getName()))) {
                own.duplicate(p + ".name", nz(v.getName()));
            }
            if (own.isEmpty()) {
                names.add(v.getName());
            } else {
                own.causes().forEach(errors::add);
            }
        }
        return names;
    }

    private static void validateVolumeSource(Volume v, String path, FieldErrors errors) {
        ObjectNode tree = Json.toTree(v);
        int found = 0;
        for (String source : VOLUME_SOURCES) {
            JsonNode n = tree.get(source);
            if (n == null || n.isNull()) {
                continue;
            }
            if (found++ > 0) {
                errors.forbidden(path + "." + source, "may not specify more than 1 volume type");
            }
        }
        if (found == 0) {
            errors.required(path, "must specify a volume type");
            return;
        }
        if (v.getConfigMap() != null && nz(v.getConfigMap().getName()).isEmpty()) {
            errors.required(path + ".configMap.name", "");
        }
        if (v.getSecret() != null && nz(v.getSecret().getSecretName()).isEmpty()) {
            errors.required(path + ".secret.secretName", "");
        }
        if (v.getHostPath() != null && nz(v.getHostPath().getPath()).isEmpty()) {
            errors.required(path + ".hostPath.path", "");
        }
        if (v.getPersistentVolumeClaim() != null && nz(v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
            errors.required(path + ".persistentVolumeClaim.claimName", "");
        }
        if (v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null) {
            String text = Quantities.text(v.getEmptyDir().getSizeLimit());
            if (Quantities.parse(text).isEmpty()) {
                errors.invalid(path + ".emptyDir.sizeLimit", text, Quantities.FORMAT_ERROR);
            }
        }
        Integer mode = v.getConfigMap() != null ? v.getConfigMap().getDefaultMode()
                : v.getSecret() != null ? v.getSecret().getDefaultMode() : null;
        if (mode != null && (mode < 0 || mode > 0777)) {
            String src = v.getConfigMap() != null ? "configMap" : "secret";
            errors.invalid(path + "." + src + ".defaultMode", mode, "must be a number between 0 and 0777 (octal), both inclusive");
        }
    }

    private static void validateVolumeMounts(List<VolumeMount> mounts, Set<String> volumes, String path,
                                             FieldErrors errors) {
        Set<String> mountPoints = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String p = path + "[" + i + "]";
            if (nz(m.getName()).isEmpty()) {
                errors.required(p + ".name", "");
            }
            if (!volumes.contains(nz(m.getName()))) {
                errors.notFound(p + ".name", nz(m.getName()));
            }
            if (nz(m.getMountPath()).isEmpty()) {
                errors.required(p + ".mountPath", "");
            }
            if (!mountPoints.add(nz(m.getMountPath()))) {
                errors.invalid(p + ".mountPath", nz(m.getMountPath()), "must be unique");
            }
            String sub = nz(m.getSubPath());
            if (sub.startsWith("/")) {
                errors.invalid(path + ".subPath", sub, "must be a relative path");
            } else if (List.of(sub.split("/")).contains("..")) {
                errors.invalid(path + ".subPath", sub, "must not contain '..'");
            }
        }
    }

    private static void validateProbe(Probe probe, String path, boolean successMustBeOne, FieldErrors errors) {
        if (probe == null) {
            return;
        }
        int handlers = 0;
        if (probe.getExec() != null) {
            handlers++;
            if (list(probe.getExec().getCommand()).isEmpty()) {
                errors.required(path + ".exec.command", "");
            }
        }
        if (probe.getHttpGet() != null) {
            if (handlers++ > 0) {
                errors.forbidden(path + ".httpGet", "may not specify more than 1 handler type");
            } else {
                validateHttpGet(probe.getHttpGet(), path + ".httpGet", errors);
            }
        }
        if (probe.getTcpSocket() != null) {
            if (handlers++ > 0) {
                errors.forbidden(path + ".tcpSocket", "may not specify more than 1 handler type");
            } else {
                portNumOrName(probe.getTcpSocket().getPort(), path + ".tcpSocket.port", errors);
            }
        }
        if (probe.getGrpc() != null) {
            if (handlers++ > 0) {
                errors.forbidden(path + ".grpc", "may not specify more than 1 handler type");
            } else {
                int port = probe.getGrpc().getPort() == null ? 0 : probe.getGrpc().getPort();
                ValueFormats.portNumber(port).forEach(m -> errors.invalid(path + ".grpc.port", port, m));
            }
        }
        if (handlers == 0) {
            errors.required(path, "must specify a handler type");
        }
        nonNegative(probe.getInitialDelaySeconds(), path + ".initialDelaySeconds", errors);
        nonNegative(probe.getTimeoutSeconds(), path + ".timeoutSeconds", errors);
        nonNegative(probe.getPeriodSeconds(), path + ".periodSeconds", errors);
        nonNegative(probe.getSuccessThreshold(), path + ".successThreshold", errors);
        nonNegative(probe.getFailureThreshold(), path + ".failureThreshold", errors);
        if (probe.getTerminationGracePeriodSeconds() != null) {
            if (!successMustBeOne) {
                errors.invalid(path + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                        "must not be set for readinessProbes");
            } else if (probe.getTerminationGracePeriodSeconds() <= 0) {
                errors.invalid(path + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                        "must be greater than 0");
            }
        }
        if (successMustBeOne && probe.getSuccessThreshold() != null && probe.getSuccessThreshold() != 1) {
            errors.invalid(path + ".successThreshold", probe.getSuccessThreshold(), "must be 1");
        }
    }

    private static void validateHttpGet(HTTPGetAction h, String path, FieldErrors errors) {
        if (nz(h.getPath()).isEmpty()) {
            errors.required(path + ".path", "");
        }
        portNumOrName(h.getPort(), path + ".port", errors);
        String scheme = nz(h.getScheme());
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
            errors.notSupported(path + ".scheme", scheme, List.of("HTTP", "HTTPS"));
        }
    }

    /** Kubernetes' {@code ValidatePortNumOrName}: a number 1-65535 or an IANA_SVC_NAME. */
    public static void portNumOrName(IntOrString port, String path, FieldErrors errors) {
        if (port != null && port.getStrVal() != null) {
            ValueFormats.portName(port.getStrVal()).forEach(m -> errors.invalid(path, port.getStrVal(), m));
        } else {
            int n = port == null || port.getIntVal() == null ? 0 : port.getIntVal();
            ValueFormats.portNumber(n).forEach(m -> errors.invalid(path, n, m));
        }
    }

    public static void validateTolerations(List<Toleration> tolerations, String path, FieldErrors errors) {
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String p = path + "[" + i + "]";
            String key = nz(t.getKey());
            String op = nz(t.getOperator());
            if (!key.isEmpty()) {
                ValueFormats.qualifiedName(key).forEach(m -> errors.invalid(p + ".key", key, m));
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errors.invalid(p + ".operator", op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }
            if (t.getTolerationSeconds() != null && !"NoExecute".equals(t.getEffect())) {
                errors.invalid(p + ".effect", nz(t.getEffect()), "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }
            switch (op) {
                case "Equal", "" -> {
                    List<String> msgs = ValueFormats.labelValue(nz(t.getValue()));
                    if (!msgs.isEmpty()) {
                        errors.invalid(p + ".operator", nz(t.getValue()), String.join(";", msgs));
                    }
                }
                case "Exists" -> {
                    if (!nz(t.getValue()).isEmpty()) {
                        errors.invalid(p + ".operator", nz(t.getValue()), "value must be empty when `operator` is 'Exists'");
                    }
                }
                default -> errors.notSupported(p + ".operator", op, List.of("Equal", "Exists"));
            }
            if (!nz(t.getEffect()).isEmpty() && !TAINT_EFFECTS.contains(t.getEffect())) {
                errors.notSupported(p + ".effect", t.getEffect(), TAINT_EFFECTS);
            }
        }
    }

    static void enumValue(String value, List<String> allowed, String path, FieldErrors errors) {
        if (value == null || value.isEmpty()) {
            errors.required(path, "");
        } else if (!allowed.contains(value)) {
            errors.notSupported(path, value, allowed);
        }
    }

    static void dnsLabel(String value, String path, FieldErrors errors) {
        if (value != null && !value.isEmpty()) {
            NameRule.DNS1123_LABEL.check(value).forEach(m -> errors.invalid(path, value, m));
        }
    }

    static void nonNegative(Number value, String path, FieldErrors errors) {
        if (value != null && value.longValue() < 0) {
            errors.invalid(path, value, "must be greater than or equal to 0");
        }
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
