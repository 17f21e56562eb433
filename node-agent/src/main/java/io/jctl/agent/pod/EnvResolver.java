package io.jctl.agent.pod;

import io.jctl.api.resources.Quantities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's environment as the kubelet builds it ({@code makeEnvironmentVariables}): the
 * {@code kubernetes} Service's {@code KUBERNETES_SERVICE_*} variables, then {@code envFrom} sources
 * (with their prefix), then {@code env} entries in order, each value {@code $(VAR)}-expanded against
 * what is defined before it; later definitions win. Variables of the namespace's other Services
 * (service links) and the docker-link style {@code KUBERNETES_PORT*} ones are not set.
 */
public final class EnvResolver {
    private final ObjectLookup lookup;

    public EnvResolver(ObjectLookup lookup) {
        this.lookup = lookup;
    }

    /** Runtime facts the downward API exposes. */
    public record PodFacts(String podIP, String hostIP, Map<String, Quantity> nodeAllocatable) {
    }

    public Map<String, String> resolve(Pod pod, Container c, PodFacts facts) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>(kubernetesServiceEnv(lookup.service("default", "kubernetes")));
        for (EnvFromSource from : list(c.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = lookup.configMap(ns, name);
                if (cm.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        continue;
                    }
                    throw new ContainerConfigException("configmap \"" + name + "\" not found");
                }
                new TreeMap<>(cm.get().getData() == null ? Map.of() : cm.get().getData())
                        .forEach((k, v) -> putIfValidName(env, prefix + k, v));
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Secret> s = lookup.secret(ns, name);
                if (s.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        continue;
                    }
                    throw new ContainerConfigException("secret \"" + name + "\" not found");
                }
                new TreeMap<>(secretData(s.get())).forEach((k, v) -> putIfValidName(env, prefix + k, v));
            }
        }
        for (EnvVar e : list(c.getEnv())) {
            String value;
            if (e.getValueFrom() == null) {
                value = VarExpansion.expand(e.getValue() == null ? "" : e.getValue(), env::get);
            } else {
                value = valueFrom(pod, c, e.getValueFrom(), facts);
                if (value == null) {
                    continue; // optional reference that is absent: the variable is not set
                }
            }
            env.put(e.getName(), value);
        }
        return env;
    }

    /**
     * What in-cluster clients find the api-server by: {@code KUBERNETES_SERVICE_HOST}, {@code _PORT}
     * (the first port) and {@code _PORT_HTTPS}; the kubelet sets them whatever {@code enableServiceLinks} says.
     */
    static Map<String, String> kubernetesServiceEnv(Optional<Service> service) {
        Map<String, String> env = new LinkedHashMap<>();
        if (service.isEmpty() || service.get().getSpec() == null) {
            return env;
        }
        String ip = service.get().getSpec().getClusterIP();
        List<ServicePort> ports = list(service.get().getSpec().getPorts());
        if (ip == null || ip.isEmpty() || ip.equals("None") || ports.isEmpty()) {
            return env;
        }
        env.put("KUBERNETES_SERVICE_HOST", ip);
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
        for (ServicePort p : ports) {
            if ("https".equals(p.getName())) {
                env.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(p.getPort()));
            }
        }
        return env;
    }

    private String valueFrom(Pod pod, Container c, EnvVarSource src, PodFacts facts) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (src.getFieldRef() != null) {
            return field(pod, src.getFieldRef(), facts);
        }
        if (src.getResourceFieldRef() != null) {
            return resource(pod, c, src.getResourceFieldRef(), facts);
        }
        if (src.getConfigMapKeyRef() != null) {
            var ref = src.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> cm = lookup.configMap(ns, ref.getName());
            if (cm.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
            }
            Map<String, String> data = cm.get().getData() == null ? Map.of() : cm.get().getData();
            if (!data.containsKey(ref.getKey())) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/"
                        + ref.getName());
            }
            return data.get(ref.getKey());
        }
        if (src.getSecretKeyRef() != null) {
            var ref = src.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> s = lookup.secret(ns, ref.getName());
            if (s.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
            }
            Map<String, String> data = secretData(s.get());
            if (!data.containsKey(ref.getKey())) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/"
                        + ref.getName());
            }
            return data.get(ref.getKey());
        }
        return "";
    }

    static String field(Pod pod, ObjectFieldSelector ref, PodFacts facts) throws ContainerConfigException {
        String path = ref.getFieldPath();
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name": return meta.getName();
            case "metadata.namespace": return meta.getNamespace();
            case "metadata.uid": return meta.getUid();
            case "spec.nodeName": return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName() == null ? "" : pod.getSpec().getServiceAccountName();
            case "status.podIP":
            case "status.podIPs": return facts.podIP() == null ? "" : facts.podIP();
            case "status.hostIP":
            case "status.hostIPs": return facts.hostIP() == null ? "" : facts.hostIP();
            default:
                String label = subscript(path, "metadata.labels");
                if (label != null) {
                    return meta.getLabels() == null ? "" : meta.getLabels().getOrDefault(label, "");
                }
                String annotation = subscript(path, "metadata.annotations");
                if (annotation != null) {
                    return meta.getAnnotations() == null ? "" : meta.getAnnotations().getOrDefault(annotation, "");
                }
                throw new ContainerConfigException("unsupported fieldPath: " + path);
        }
    }

    private static String subscript(String path, String prefix) {
        if (path.startsWith(prefix + "['") && path.endsWith("']")) {
            return path.substring(prefix.length() + 2, path.length() - 2);
        }
        return null;
    }

    static String resource(Pod pod, Container self, ResourceFieldSelector ref, PodFacts facts)
            throws ContainerConfigException {
        Container c = self;
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
            c = list(pod.getSpec().getContainers()).stream().filter(x -> x.getName().equals(ref.getContainerName()))
                    .findFirst().orElseThrow(() -> new ContainerConfigException("container " + ref.getContainerName()
                            + " not found in pod " + pod.getMetadata().getName()));
        }
        String res = ref.getResource();
        int dot = res.indexOf('.');
        if (dot < 0) {
            throw new ContainerConfigException("unsupported container resource: " + res);
        }
        String kind = res.substring(0, dot);
        String name = res.substring(dot + 1);
        Map<String, Quantity> from = c.getResources() == null ? null
                : kind.equals("limits") ? c.getResources().getLimits() : c.getResources().getRequests();
        Quantity q = from == null ? null : from.get(name);
        if (q == null && kind.equals("limits") && facts.nodeAllocatable() != null) {
            q = facts.nodeAllocatable().get(name);
        }
        BigDecimal value = q == null ? BigDecimal.ZERO : Quantities.valueOrZero(q);
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : Quantities.valueOrZero(ref.getDivisor());
        if (divisor.signum() <= 0) {
            divisor = BigDecimal.ONE;
        }
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v == null ? "" : v),
                    StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    private static void putIfValidName(Map<String, String> env, String name, String value) {
        // Kubernetes skips keys that are no valid variable names (and records an event).
        if (name.matches("[-._a-zA-Z][-._a-zA-Z0-9]*")) {
            env.put(name, value == null ? "" : value);
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
