package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.jctl.agent.runtime.RuntimeLabels;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerMetadata;
import io.jctl.runtime.api.v1.DNSConfig;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.KeyValue;
import io.jctl.runtime.api.v1.Mount;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.PodSandboxMetadata;
import io.jctl.runtime.api.v1.PortMapping;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the runtime's sandbox and container configs from a Pod, as the kubelet's kuberuntime does. */
public final class RuntimeConfigs {
    private final Path logRoot;
    private final List<String> clusterDns;
    private final String clusterDomain;
    private final long pidsLimit;

    /**
     * @param clusterDns    name servers for dnsPolicy ClusterFirst; empty: the node's resolv.conf
     * @param clusterDomain e.g. {@code cluster.local}
     */
    public RuntimeConfigs(Path logRoot, List<String> clusterDns, String clusterDomain, long pidsLimit) {
        this.logRoot = logRoot;
        this.clusterDns = clusterDns;
        this.clusterDomain = clusterDomain;
        this.pidsLimit = pidsLimit;
    }

    public PodSandboxConfig sandbox(Pod pod, int attempt) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(meta.getName()).setNamespace(meta.getNamespace())
                        .setUid(meta.getUid()).setAttempt(attempt))
                .setHostname(hostname(pod))
                .setLogDirectory(logRoot.resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid())
                        .toString())
                .setHostNetwork(Boolean.TRUE.equals(spec.getHostNetwork()));
        DNSConfig dns = dns(pod);
        if (dns != null) {
            b.setDnsConfig(dns);
        }
        for (Container c : all(pod)) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    b.addPortMappings(PortMapping.newBuilder()
                            .setProtocol(p.getProtocol() == null ? "TCP" : p.getProtocol())
                            .setContainerPort(p.getContainerPort()).setHostPort(p.getHostPort())
                            .setHostIp(p.getHostIP() == null ? "" : p.getHostIP()));
                }
            }
        }
        if (meta.getLabels() != null) {
            b.putAllLabels(meta.getLabels());
        }
        b.putAllLabels(RuntimeLabels.pod(meta.getNamespace(), meta.getName(), meta.getUid()));
        if (meta.getAnnotations() != null) {
            b.putAllAnnotations(meta.getAnnotations());
        }
        return b.build();
    }

    static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname();
        if (h == null || h.isEmpty()) {
            h = pod.getMetadata().getName();
        }
        h = h.length() > 63 ? h.substring(0, 63) : h;
        while (h.endsWith("-") || h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    DNSConfig dns(Pod pod) {
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        DNSConfig.Builder b = DNSConfig.newBuilder();
        boolean hostNet = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean clusterFirst = policy.equals("ClusterFirst") && !hostNet || policy.equals("ClusterFirstWithHostNet");
        if (clusterFirst && !clusterDns.isEmpty()) {
            String ns = pod.getMetadata().getNamespace();
            b.addAllServers(clusterDns)
                    .addSearches(ns + ".svc." + clusterDomain).addSearches("svc." + clusterDomain)
                    .addSearches(clusterDomain).addOptions("ndots:5");
        } else if (!policy.equals("None")) {
            // Default (or no cluster DNS): an empty config tells the runtime to use the node's resolv.conf.
            if (pod.getSpec().getDnsConfig() == null) {
                return null;
            }
        }
        PodDNSConfig extra = pod.getSpec().getDnsConfig();
        if (extra != null) {
            if (extra.getNameservers() != null) {
                b.addAllServers(extra.getNameservers());
            }
            if (extra.getSearches() != null) {
                b.addAllSearches(extra.getSearches());
            }
            for (PodDNSConfigOption o : extra.getOptions() == null ? List.<PodDNSConfigOption>of() : extra.getOptions()) {
                b.addOptions(o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue());
            }
        }
        return b.build();
    }

    public ContainerConfig container(Pod pod, Container c, int attempt, boolean init, Map<String, String> env,
                                     List<Mount> mounts) {
        var meta = pod.getMetadata();
        ContainerConfig.Builder b = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.getName()).setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(c.getImage()))
                .addAllCommand(VarExpansion.expandAll(c.getCommand(), env::get))
                .addAllArgs(VarExpansion.expandAll(c.getArgs(), env::get))
                .setWorkingDir(c.getWorkingDir() == null ? "" : c.getWorkingDir())
                .addAllMounts(mounts)
                .putAllLabels(RuntimeLabels.pod(meta.getNamespace(), meta.getName(), meta.getUid()))
                .putLabels(RuntimeLabels.CONTAINER_NAME, c.getName())
                .putLabels(RuntimeLabels.CONTAINER_TYPE, init ? "init" : "app")
                .putAnnotations(RuntimeLabels.CONTAINER_HASH, hash(c))
                .putAnnotations(RuntimeLabels.GRACE_PERIOD, Long.toString(gracePeriod(pod)))
                .setLogPath(c.getName() + "/" + attempt + ".log")
                .setStdin(Boolean.TRUE.equals(c.getStdin()))
                .setStdinOnce(Boolean.TRUE.equals(c.getStdinOnce()))
                .setTty(Boolean.TRUE.equals(c.getTty()))
                .setResources(ContainerResources.of(c, pidsLimit))
                .setSecurityContext(security(pod, c));
        env.forEach((k, v) -> b.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
        if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null
                && c.getLifecycle().getPreStop().getExec() != null) {
            b.putAnnotations(RuntimeLabels.PRE_STOP, Json.toJson(c.getLifecycle().getPreStop().getExec().getCommand()));
        }
        return b.build();
    }

    static io.jctl.runtime.api.v1.SecurityContext security(Pod pod, Container c) {
        io.jctl.runtime.api.v1.SecurityContext.Builder b = io.jctl.runtime.api.v1.SecurityContext.newBuilder();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        SecurityContext sc = c.getSecurityContext();
        Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        Long group = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc == null ? null : psc.getRunAsGroup();
        if (user != null) {
            b.setRunAsUser(user);
        }
        if (group != null) {
            b.setRunAsGroup(group);
        }
        if (psc != null && psc.getSupplementalGroups() != null) {
            b.addAllSupplementalGroups(psc.getSupplementalGroups());
        }
        if (sc != null) {
            b.setPrivileged(Boolean.TRUE.equals(sc.getPrivileged()));
            b.setReadonlyRootfs(Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()));
            b.setNoNewPrivs(Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()));
            Capabilities caps = sc.getCapabilities();
            if (caps != null) {
                if (caps.getAdd() != null) {
                    b.addAllAddCapabilities(caps.getAdd());
                }
                if (caps.getDrop() != null) {
                    b.addAllDropCapabilities(caps.getDrop());
                }
            }
        }
        return b.build();
    }

    public static long gracePeriod(Pod pod) {
        Long g = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (g == null) {
            g = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return g == null ? 30 : Math.max(0, g);
    }

    /** A short stable hash of a container's spec: a changed spec (a new image) restarts the container. */
    public static String hash(Container c) {
        Map<String, Object> relevant = new LinkedHashMap<>();
        relevant.put("image", c.getImage());
        relevant.put("command", c.getCommand());
        relevant.put("args", c.getArgs());
        relevant.put("env", c.getEnv());
        relevant.put("envFrom", c.getEnvFrom());
        relevant.put("ports", c.getPorts());
        relevant.put("volumeMounts", c.getVolumeMounts());
        relevant.put("workingDir", c.getWorkingDir());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.toJson(relevant).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Container> all(Pod pod) {
        List<Container> all = new java.util.ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        if (pod.getSpec().getContainers() != null) {
            all.addAll(pod.getSpec().getContainers());
        }
        return all;
    }
}
