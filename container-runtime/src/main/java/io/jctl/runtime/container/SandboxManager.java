package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.PodSandboxFilter;
import io.jctl.runtime.api.v1.PodSandboxMetadata;
import io.jctl.runtime.api.v1.PodSandboxNetworkStatus;
import io.jctl.runtime.api.v1.PodSandboxState;
import io.jctl.runtime.cgroup.CgroupLimits;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.network.PodNetwork;
import io.jctl.runtime.network.PodNetworkStatus;
import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Pod sandboxes: a directory {@code <runDir>/sandboxes/<id>} with the pod's state, config and /etc files, persistent
 * net/ipc/uts namespaces, the pod network and the pod cgroup {@code jctl/<id>}. Stop tears down the
 * network and namespaces; remove deletes the rest. Both are idempotent. Containers are not this
 * class's business: callers stop and remove them first (see {@link RuntimeServiceImpl}).
 */
public final class SandboxManager {
    private static final String STATE = "sandbox.json";
    private static final String CONFIG = "config.pb";

    private final RuntimeConfig config;
    private final Cgroups cgroups;
    private final PodNetwork network;
    private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();

    /** Loads the sandboxes on disk and removes what belongs to none of them (namespace files, pod cgroups, half-made dirs). */
    public SandboxManager(RuntimeConfig config, Cgroups cgroups, PodNetwork network) throws IOException {
        this.config = config;
        this.cgroups = cgroups;
        this.network = network;
        Files.createDirectories(config.sandboxesDir());
        migrateLegacy();
        recover();
    }

    public Cgroups cgroups() {
        return cgroups;
    }

    String cgroupPath(String sandboxId) {
        return config.cgroupParent() + "/" + sandboxId;
    }

    public String run(PodSandboxConfig podConfig) {
        PodSandboxMetadata meta = podConfig.getMetadata();
        if (meta.getName().isEmpty()) {
            throw RuntimeFailure.invalid("RunPodSandbox: config.metadata.name is empty; give the pod's name");
        }
        String hostname = podConfig.getHostname().isEmpty() ? meta.getName() : podConfig.getHostname();
        if (hostname.length() > 63) {
            hostname = hostname.substring(0, 63);
        }
        String id = StateFiles.newId();
        Path dir = config.sandboxesDir().resolve(id);
        SandboxRecord r = new SandboxRecord();
        r.id = id;
        r.name = meta.getName();
        r.namespace = meta.getNamespace();
        r.uid = meta.getUid();
        r.attempt = meta.getAttempt();
        r.hostname = hostname;
        r.hostNetwork = podConfig.getHostNetwork();
        r.createdAt = nowNanos();
        r.logDirectory = podConfig.getLogDirectory();
        r.labels.putAll(podConfig.getLabelsMap());
        r.annotations.putAll(podConfig.getAnnotationsMap());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(CONFIG), podConfig.toByteArray());
            Map<String, Path> ns = PodNamespaces.create(config, id, hostname, r.hostNetwork);
            r.ipcnsPath = ns.get(PodNamespaces.IPC).toString();
            if (!r.hostNetwork) {
                r.netnsPath = ns.get(PodNamespaces.NET).toString();
                r.utsnsPath = ns.get(PodNamespaces.UTS).toString();
                PodNetworkStatus net = network.setUp(id, Path.of(r.netnsPath), podConfig.getPortMappingsList());
                r.ip = net.ip();
                r.prefixLength = net.prefixLength();
                r.gateway = net.gateway();
            }
            EtcFiles.write(dir, hostname, r.ip, podConfig.getDnsConfig()); // a new directory: plain writes (no rename)
            cgroups.create(cgroupPath(id), CgroupLimits.of(podConfig.getResources()));
            r.ready = true;
            StateFiles.writeJson(dir.resolve(STATE), r);
            sandboxes.put(id, r);
            return id;
        } catch (IOException | RuntimeException e) {
            destroy(id, r, podConfig);
            if (e instanceof RuntimeFailure f) {
                throw f;
            }
            throw RuntimeFailure.internal("RunPodSandbox " + meta.getNamespace() + "/" + meta.getName()
                    + " failed and was rolled back", e);
        }
    }

    /** Tears down the network and the namespaces; the sandbox stays listed as NOTREADY. */
    public void stop(String id) {
        SandboxRecord r = sandboxes.get(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            try {
                if (r.netnsPath != null && Files.exists(Path.of(r.netnsPath))) {
                    network.tearDown(id, Path.of(r.netnsPath), config(id).getPortMappingsList());
                }
                PodNamespaces.remove(config, id);
                r.ready = false;
                StateFiles.writeJson(config.sandboxesDir().resolve(id).resolve(STATE), r);
            } catch (IOException e) {
                throw RuntimeFailure.internal("StopPodSandbox " + id, e);
            }
        }
    }

    /** Stops if needed and deletes the sandbox directory and pod cgroup. */
    public void remove(String id) {
        SandboxRecord r = sandboxes.get(id);
        if (r == null) {
            return;
        }
        stop(id);
        synchronized (r) {
            try {
                cgroups.remove(cgroupPath(id));
                StateFiles.deleteTree(config.sandboxesDir().resolve(id));
                sandboxes.remove(id);
            } catch (IOException e) {
                throw RuntimeFailure.internal("RemovePodSandbox " + id, e);
            }
        }
    }

    /** Best-effort removal of everything a sandbox may have, used on failed creation and at recovery. */
    private void destroy(String id, SandboxRecord r, PodSandboxConfig podConfig) {
        try {
            Path netns = config.namespaceFile(PodNamespaces.NET, id);
            if (Files.exists(netns)) {
                network.tearDown(id, netns, podConfig == null ? List.of() : podConfig.getPortMappingsList());
            }
        } catch (IOException | RuntimeException ignored) {
            // continue with the rest
        }
        try {
            PodNamespaces.remove(config, id);
        } catch (IOException | RuntimeException ignored) {
            // continue with the rest
        }
        try {
            cgroups.remove(cgroupPath(id));
        } catch (IOException | RuntimeException ignored) {
            // continue with the rest
        }
        try {
            StateFiles.deleteTree(config.sandboxesDir().resolve(id));
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    public Optional<SandboxRecord> find(String id) {
        return Optional.ofNullable(sandboxes.get(id));
    }

    SandboxRecord require(String id) {
        SandboxRecord r = sandboxes.get(id);
        if (r == null) {
            throw RuntimeFailure.notFound("pod sandbox " + id + " not found; list sandboxes with ListPodSandbox");
        }
        return r;
    }

    Path dir(String id) {
        return config.sandboxesDir().resolve(id);
    }

    public PodSandboxConfig config(String id) throws IOException {
        return PodSandboxConfig.parseFrom(Files.readAllBytes(dir(id).resolve(CONFIG)));
    }

    public PodSandbox status(String id) {
        return toProto(require(id));
    }

    public List<PodSandbox> list(PodSandboxFilter filter) {
        List<PodSandbox> out = new ArrayList<>();
        for (SandboxRecord r : sandboxes.values()) {
            if (filter != null) {
                if (!filter.getId().isEmpty() && !r.id.startsWith(filter.getId())) {
                    continue;
                }
                if (filter.getOnlyReady() && !r.ready) {
                    continue;
                }
                if (!r.labels.entrySet().containsAll(filter.getLabelSelectorMap().entrySet())) {
                    continue;
                }
            }
            out.add(toProto(r));
        }
        out.sort((a, b) -> Long.compare(a.getCreatedAt(), b.getCreatedAt()));
        return out;
    }

    public Set<String> ids() {
        return Set.copyOf(sandboxes.keySet());
    }

    private static PodSandbox toProto(SandboxRecord r) {
        return PodSandbox.newBuilder()
                .setId(r.id)
                .setMetadata(PodSandboxMetadata.newBuilder().setName(r.name).setNamespace(nz(r.namespace))
                        .setUid(nz(r.uid)).setAttempt(r.attempt))
                .setState(r.ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY)
                .setCreatedAt(r.createdAt)
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp(nz(r.ip)))
                .putAllLabels(r.labels)
                .putAllAnnotations(r.annotations)
                .setNetnsPath(r.netnsPath == null ? "" : r.netnsPath)
                .build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Moves sandboxes a runtime before this one kept under the root directory to the run directory,
     * so that an upgrade re-adopts them (and their containers) instead of tearing them down.
     */
    private void migrateLegacy() throws IOException {
        Path legacy = config.legacySandboxesDir();
        if (!Files.isDirectory(legacy)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(legacy)) {
            for (Path dir : dirs.toList()) {
                Path target = config.sandboxesDir().resolve(dir.getFileName().toString());
                if (Files.exists(dir.resolve(STATE)) && !Files.exists(target)) {
                    Files.createDirectories(target);
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.copy(f, target.resolve(f.getFileName().toString()));
                        }
                    }
                }
            }
        }
        StateFiles.deleteTree(legacy);
    }

    private void recover() throws IOException {
        try (Stream<Path> dirs = Files.list(config.sandboxesDir())) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                Path state = dir.resolve(STATE);
                if (!Files.exists(state)) {
                    destroy(id, null, null); // creation did not finish
                    continue;
                }
                SandboxRecord r = StateFiles.readJson(state, SandboxRecord.class);
                if (r.ready && r.netnsPath != null && !Files.exists(Path.of(r.netnsPath))) {
                    r.ready = false; // the node rebooted: /run is empty
                    StateFiles.writeJson(state, r);
                }
                sandboxes.put(id, r);
            }
        }
        for (String kind : new String[] {PodNamespaces.NET, PodNamespaces.IPC, PodNamespaces.UTS}) {
            Path nsDir = config.runDir().resolve(kind);
            if (!Files.isDirectory(nsDir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(nsDir)) {
                for (Path f : files.toList()) {
                    if (!sandboxes.containsKey(f.getFileName().toString())) {
                        Syscalls.umount(f.toString(), Syscalls.MNT_DETACH);
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        for (String child : cgroups.children(config.cgroupParent())) {
            if (!sandboxes.containsKey(child)) {
                cgroups.remove(config.cgroupParent() + "/" + child);
            }
        }
        network.garbageCollect(ids());
    }
}
