package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.agent.event.EventRecorder;
import io.jctl.agent.metrics.AgentMetrics;
import io.jctl.agent.probe.ProbeKind;
import io.jctl.agent.probe.ProbeManager;
import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.agent.runtime.RuntimeInspector;
import io.jctl.agent.runtime.RuntimeLabels;
import io.jctl.agent.runtime.SandboxInfo;
import io.jctl.agent.runtime.Times;
import io.jctl.agent.volume.VolumeException;
import io.jctl.agent.volume.VolumeManager;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.CreateContainerRequest;
import io.jctl.runtime.api.v1.ExecSyncRequest;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.RemoveContainerRequest;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.RunPodSandboxRequest;
import io.jctl.runtime.api.v1.StartContainerRequest;
import io.jctl.runtime.api.v1.StopContainerRequest;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One pod's reconcile: reads the Pod from the informer cache and what the runtime holds for it,
 * then makes the runtime match (sandbox, init containers in order, containers, restarts with
 * back-off, liveness kills, graceful termination) and hands the resulting status to the
 * {@link StatusWriter}. Safe to run at any time, any number of times; PodWorkers guarantee it
 * never runs twice at once for one pod.
 */
public final class PodSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(PodSyncer.class);
    private static final Duration CONFIG_REFRESH = Duration.ofSeconds(60);
    private static final int KEEP_INSTANCES = 2;
    private static final long MIN_GRACE_AFTER_PRESTOP = 2;

    /** What the syncer needs to know about its node. */
    public record NodeFacts(String nodeName, String hostIP, Supplier<Map<String, Quantity>> allocatable) {
    }

    private final NodeFacts node;
    private final ApiClient api;
    private final BiFunction<String, String, Pod> podCache;
    private final RuntimeConnection runtime;
    private final RuntimeInspector inspector;
    private final RuntimeConfigs configs;
    private final VolumeManager volumes;
    private final EnvResolver env;
    private final ImagePuller images;
    private final ProbeManager probes;
    private final StatusWriter status;
    private final EventRecorder events;
    private final AgentMetrics metrics;
    private final ExecutorService stopPool;
    private final CrashBackoff backoff = CrashBackoff.kubelet();
    /** Per pod uid: what only this process knows (start metric recorded, adopted ready containers). */
    private final Map<String, PodMemory> memory = new ConcurrentHashMap<>();
    private final SyncedRuntimeView synced;

    private static final class PodMemory {
        boolean startRecorded;
        Set<String> wasReady;
    }

    public PodSyncer(NodeFacts node, ApiClient api, BiFunction<String, String, Pod> podCache,
                     RuntimeConnection runtime, RuntimeConfigs configs, VolumeManager volumes, ObjectLookup lookup,
                     ProbeManager probes, StatusWriter status, EventRecorder events, AgentMetrics metrics,
                     ExecutorService stopPool) {
        this(node, api, podCache, runtime, configs, volumes, lookup, probes, status, events, metrics, stopPool,
                new SyncedRuntimeView());
    }

    /** synced: where each completed sync leaves what it saw, for the relister (see {@link SyncedRuntimeView}). */
    public PodSyncer(NodeFacts node, ApiClient api, BiFunction<String, String, Pod> podCache,
                     RuntimeConnection runtime, RuntimeConfigs configs, VolumeManager volumes, ObjectLookup lookup,
                     ProbeManager probes, StatusWriter status, EventRecorder events, AgentMetrics metrics,
                     ExecutorService stopPool, SyncedRuntimeView synced) {
        this.synced = synced;
        this.node = node;
        this.api = api;
        this.podCache = podCache;
        this.runtime = runtime;
        this.inspector = new RuntimeInspector(runtime);
        this.configs = configs;
        this.volumes = volumes;
        this.env = new EnvResolver(lookup);
        this.images = new ImagePuller(runtime, events, metrics);
        this.probes = probes;
        this.status = status;
        this.events = events;
        this.metrics = metrics;
        this.stopPool = stopPool;
    }

    /** The reconcile of the pod {@code namespace/name}; returns when to look again, or null. */
    public Duration sync(String key) {
        long t0 = System.nanoTime();
        try {
            return syncOnce(key);
        } finally {
            metrics.podWorker(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private Duration syncOnce(String key) {
        Duration requeue;
        try {
            requeue = syncPod(key);
        } catch (RuntimeException | Error e) {
            synced.forget(key);
            throw e;
        }
        return requeue;
    }

    private Duration syncPod(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Pod pod = podCache.apply(ns, name);
        if (pod != null && !node.nodeName().equals(pod.getSpec().getNodeName())) {
            pod = null;
        }
        Map<String, PodRuntimeState> byUid = inspector.byUid(ns, name);
        String uid = pod == null ? null : pod.getMetadata().getUid();
        for (Map.Entry<String, PodRuntimeState> e : byUid.entrySet()) {
            if (!e.getKey().equals(uid)) {
                removeOrphan(key, e.getValue());
            }
        }
        if (pod == null) {
            synced.forget(key);
            return null;
        }
        PodRuntimeState state = byUid.getOrDefault(uid, PodRuntimeState.empty(uid));
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            synced.forget(key);
            terminate(pod, state);
            return null;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            synced.forget(key);
            stopFinished(pod, state);
            return null;
        }
        synced.forget(key);
        return syncRunning(pod, state);
    }

    private Duration syncRunning(Pod pod, PodRuntimeState state) {
        String uid = pod.getMetadata().getUid();
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        PodMemory mem = memory.computeIfAbsent(uid, u -> new PodMemory());
        if (mem.wasReady == null) {
            mem.wasReady = readyInLastStatus(pod);
        }
        Map<String, Waiting> waiting = new HashMap<>();
        Duration requeue = null;
        boolean changed = false;

        Map<String, Path> vols;
        try {
            vols = volumes.setUp(pod);
        } catch (VolumeException e) {
            events.warning(pod, null, "FailedMount", e.getMessage());
            writeStatus(pod, state, waiting);
            return Duration.ofSeconds(5);
        }

        // A pod the runtime has nothing of: this sync can only add to it (a sandbox, then containers),
        // so what it made is read back by id instead of relisting the pod (3 of its ~11 runtime calls).
        boolean fresh = state.sandboxes().isEmpty() && state.containers().isEmpty();
        List<String> made = new ArrayList<>();
        Optional<SandboxInfo> sandbox = state.readySandbox();
        if (sandbox.isEmpty()) {
            for (ContainerInfo c : state.running()) {
                stopContainer(pod, c, 0);
            }
            int attempt = state.maxSandboxAttempt() + 1;
            if (attempt > 0) {
                events.normal(pod, null, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            }
            PodSandboxConfig cfg = configs.sandbox(pod, attempt);
            String sandboxId;
            try {
                sandboxId = metrics.runtimeOp("run_podsandbox", () -> rt(120).runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(cfg).build())).getPodSandboxId();
            } catch (StatusRuntimeException e) {
                String msg = "Failed to create pod sandbox: " + describe(e);
                events.warning(pod, null, "FailedCreatePodSandBox", msg);
                writeStatus(pod, state, waiting);
                return Duration.ofSeconds(5);
            }
            metrics.podStarted();
            state = fresh ? inspector.withSandbox(state, sandboxId) : reinspect(pod);
            sandbox = state.readySandbox();
            if (sandbox.isEmpty()) {
                throw new IllegalStateException("runtime reports no ready sandbox right after RunPodSandbox");
            }
        }
        SandboxInfo sb = sandbox.get();
        PodSandboxConfig sandboxConfig = configs.sandbox(pod, sb.attempt());
        EnvResolver.PodFacts facts = new EnvResolver.PodFacts(sb.ip(), node.hostIP(), node.allocatable().get());
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        List<Container> inits = list(pod.getSpec().getInitContainers());
        List<Container> apps = list(pod.getSpec().getContainers());
        boolean appsStarted = false;
        for (Container c : apps) {
            appsStarted |= state.latest(c.getName()).isPresent();
        }

        boolean initDone = true;
        if (!appsStarted) {
            for (Container c : inits) {
                Optional<ContainerInfo> latest = state.latest(c.getName());
                if (latest.isPresent() && latest.get().exited() && latest.get().exitCode() == 0) {
                    continue;
                }
                initDone = false;
                if (latest.isEmpty()) {
                    made.add(start(pod, c, 0, true, sb, sandboxConfig, vols, facts, waiting));
                    changed = true;
                } else if (latest.get().exited() && RestartRules.shouldRetryInit(policy, latest.get().exitCode())) {
                    Duration wait = restartWait(pod, c, latest.get(), waiting);
                    if (wait == null) {
                        start(pod, c, latest.get().attempt() + 1, true, sb, sandboxConfig, vols, facts, waiting);
                        changed = true;
                    } else {
                        requeue = min(requeue, wait);
                    }
                } else if (latest.get().state() == io.jctl.runtime.api.v1.ContainerState.CONTAINER_CREATED) {
                    requeue = min(requeue, startStuck(latest.get()));
                }
                break;
            }
        }

        if (initDone) {
            for (Container c : apps) {
                Optional<ContainerInfo> latestOpt = state.latest(c.getName());
                if (latestOpt.isEmpty()) {
                    made.add(start(pod, c, 0, false, sb, sandboxConfig, vols, facts, waiting));
                    changed = true;
                    continue;
                }
                ContainerInfo latest = latestOpt.get();
                if (latest.running()) {
                    ProbeKind failed = probes.failed(latest.id());
                    boolean specChanged = !RuntimeConfigs.hash(c).equals(latest.annotations().get(RuntimeLabels.CONTAINER_HASH));
                    if (failed == null && !specChanged) {
                        continue;
                    }
                    String why = specChanged ? "Container " + c.getName() + " definition changed, will be restarted"
                            : "Container " + c.getName() + " failed " + failed.name().toLowerCase() + " probe, will be restarted";
                    events.normal(pod, c.getName(), "Killing", why);
                    stopContainer(pod, latest, RuntimeConfigs.gracePeriod(pod));
                    changed = true;
                    latest = reinspect(pod).latest(c.getName()).orElse(latest);
                    if (specChanged) {
                        start(pod, c, latest.attempt() + 1, false, sb, sandboxConfig, vols, facts, waiting);
                        continue;
                    }
                }
                if (latest.state() == io.jctl.runtime.api.v1.ContainerState.CONTAINER_CREATED) {
                    requeue = min(requeue, startStuck(latest));
                    continue;
                }
                if (latest.exited() && RestartRules.shouldRestart(policy, latest.exitCode())) {
                    Duration wait = restartWait(pod, c, latest, waiting);
                    if (wait == null) {
                        start(pod, c, latest.attempt() + 1, false, sb, sandboxConfig, vols, facts, waiting);
                        changed = true;
                    } else {
                        requeue = min(requeue, wait);
                    }
                }
            }
        }

        PodRuntimeState decidedOn = state;
        if (changed && fresh) {
            made.removeIf(java.util.Objects::isNull);
            state = inspector.withContainers(state, sb.id(), made);
        } else if (changed) {
            state = reinspect(pod);
            collectGarbage(state);
        }
        probes.sync(pod, state, sb.ip(), mem.wasReady);
        PodStatus st = writeStatus(pod, state, waiting);
        synced.record(key, decidedOn, state);
        recordStart(pod, mem, st);
        for (Waiting w : waiting.values()) {
            if (w.reason().equals("ErrImagePull") || w.reason().equals("ImagePullBackOff")
                    || w.reason().equals("CreateContainerConfigError") || w.reason().equals("CreateContainerError")
                    || w.reason().equals("RunContainerError") || w.reason().equals("ErrImageNeverPull")) {
                requeue = min(requeue, Duration.ofSeconds(10));
            }
        }
        if (hasProjectedData(pod)) {
            requeue = min(requeue, CONFIG_REFRESH);
        }
        return requeue;
    }

    /** Null if the container may restart now (and the back-off is armed); else the wait left. */
    private Duration restartWait(Pod pod, Container c, ContainerInfo latest, Map<String, Waiting> waiting) {
        String bkey = pod.getMetadata().getUid() + "/" + c.getName();
        Duration left = backoff.remaining(bkey, latest.finishedAt());
        if (left.isZero()) {
            backoff.next(bkey);
            return null;
        }
        String podDesc = pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")";
        waiting.put(c.getName(), new Waiting("CrashLoopBackOff", "back-off " + GoDuration.format(backoff.current(bkey))
                + " restarting failed container=" + c.getName() + " pod=" + podDesc));
        events.warning(pod, c.getName(), "BackOff", "Back-off restarting failed container " + c.getName() + " in pod "
                + podDesc);
        return left.plusMillis(50);
    }

    private Duration startStuck(ContainerInfo c) {
        long ageNanos = Times.nowNanos() - c.createdAt();
        if (ageNanos < TimeUnit.SECONDS.toNanos(10)) {
            return Duration.ofSeconds(1);
        }
        try {
            rt(60).startContainer(StartContainerRequest.newBuilder().setContainerId(c.id()).build());
        } catch (StatusRuntimeException e) {
            LOG.debug("start of created container {} refused: {}", c.id(), describe(e));
        }
        return Duration.ofSeconds(10);
    }

    /** Creates and starts c; returns the id of the container it created (started or not), or null. */
    private String start(Pod pod, Container c, int attempt, boolean init, SandboxInfo sb, PodSandboxConfig sandboxConfig,
                         Map<String, Path> vols, EnvResolver.PodFacts facts, Map<String, Waiting> waiting) {
        Waiting w = images.ensure(pod, c);
        if (w != null) {
            waiting.put(c.getName(), w);
            return null;
        }
        Map<String, String> envs;
        try {
            envs = env.resolve(pod, c, facts);
        } catch (ContainerConfigException e) {
            events.warning(pod, c.getName(), "Failed", "Error: " + e.getMessage());
            waiting.put(c.getName(), new Waiting("CreateContainerConfigError", e.getMessage()));
            return null;
        }
        ContainerConfig cfg = configs.container(pod, c, attempt, init, envs, VolumeManager.mounts(c, vols));
        String id;
        try {
            id = metrics.runtimeOp("create_container", () -> rt(120).createContainer(CreateContainerRequest.newBuilder()
                    .setPodSandboxId(sb.id()).setConfig(cfg).setSandboxConfig(sandboxConfig).build())).getContainerId();
        } catch (StatusRuntimeException e) {
            events.warning(pod, c.getName(), "Failed", "Error: " + describe(e));
            waiting.put(c.getName(), new Waiting("CreateContainerError", describe(e)));
            return null;
        }
        events.normal(pod, c.getName(), "Created", "Created container " + c.getName());
        try {
            metrics.runtimeOp("start_container", () -> rt(120).startContainer(
                    StartContainerRequest.newBuilder().setContainerId(id).build()));
        } catch (StatusRuntimeException e) {
            events.warning(pod, c.getName(), "Failed", "Error: " + describe(e));
            waiting.put(c.getName(), new Waiting("RunContainerError", describe(e)));
            return id;
        }
        events.normal(pod, c.getName(), "Started", "Started container " + c.getName());
        metrics.containerStarted();
        return id;
    }

    /** Runs the preStop hook (if any) and stops the container with what is left of the grace period. */
    private void stopContainer(Pod pod, ContainerInfo c, long graceSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        List<String> preStop = preStop(pod, c);
        if (c.running() && preStop != null && graceSeconds > 0) {
            try {
                var r = rt(graceSeconds + 5).execSync(ExecSyncRequest.newBuilder().setContainerId(c.id())
                        .addAllCmd(preStop).setTimeout(graceSeconds).build());
                if (r.getExitCode() != 0 && pod != null) {
                    events.warning(pod, c.name(), "FailedPreStopHook", "PreStopHook failed: command '"
                            + String.join(" ", preStop) + "' exited with " + r.getExitCode() + ": "
                            + r.getStdout().toStringUtf8() + r.getStderr().toStringUtf8());
                }
            } catch (StatusRuntimeException e) {
                if (pod != null) {
                    events.warning(pod, c.name(), "FailedPreStopHook", "PreStopHook failed: " + describe(e));
                }
            }
        }
        long left = graceSeconds == 0 ? 0 : Math.max(MIN_GRACE_AFTER_PRESTOP,
                TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        try {
            metrics.runtimeOp("stop_container", () -> rt(left + 30).stopContainer(
                    StopContainerRequest.newBuilder().setContainerId(c.id()).setTimeout(left).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static List<String> preStop(Pod pod, ContainerInfo c) {
        if (pod != null) {
            for (Container spec : list(pod.getSpec().getContainers())) {
                if (spec.getName().equals(c.name()) && spec.getLifecycle() != null
                        && spec.getLifecycle().getPreStop() != null && spec.getLifecycle().getPreStop().getExec() != null) {
                    return spec.getLifecycle().getPreStop().getExec().getCommand();
                }
            }
            return null;
        }
        String json = c.annotations().get(RuntimeLabels.PRE_STOP);
        if (json == null) {
            return null;
        }
        try {
            return List.of(Json.mapper().readValue(json, String[].class));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Deletion: preStop, stop with the grace period, remove everything, then confirm to the api-server. */
    private void terminate(Pod pod, PodRuntimeState state) {
        long grace = RuntimeConfigs.gracePeriod(pod);
        killAll(pod, state, grace);
        cleanUp(pod.getMetadata().getUid());
        try {
            api.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    DeleteOptions.defaults().withGracePeriodSeconds(0L).withPreconditions(pod.getMetadata().getUid(), null));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    private void killAll(Pod pod, PodRuntimeState state, long grace) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerInfo c : state.running()) {
            if (pod != null) {
                events.normal(pod, c.name(), "Killing", "Stopping container " + c.name());
            }
            stops.add(CompletableFuture.runAsync(() -> stopContainer(pod, c, grace), stopPool));
        }
        for (CompletableFuture<Void> f : stops) {
            try {
                f.join();
            } catch (RuntimeException e) {
                LOG.warn("stopping a container failed: {}", e.toString());
            }
        }
        for (SandboxInfo s : state.sandboxes()) {
            ignoreNotFound(() -> rt(60).stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(s.id()).build()));
        }
        for (ContainerInfo c : state.containers()) {
            ignoreNotFound(() -> rt(60).removeContainer(RemoveContainerRequest.newBuilder().setContainerId(c.id()).build()));
        }
        for (SandboxInfo s : state.sandboxes()) {
            ignoreNotFound(() -> rt(60).removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(s.id()).build()));
        }
    }

    /** What runs for a pod uid the API no longer has (deleted, or replaced by a pod of the same name). */
    private void removeOrphan(String key, PodRuntimeState orphan) {
        LOG.info("removing containers of pod {} (uid {}), which is gone from the api-server", key, orphan.podUid());
        long grace = orphan.containers().stream().map(c -> c.annotations().get(RuntimeLabels.GRACE_PERIOD))
                .filter(g -> g != null && g.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(2);
        killAll(null, orphan, grace);
        cleanUp(orphan.podUid());
    }

    private void cleanUp(String uid) {
        volumes.tearDown(uid);
        probes.removePod(uid);
        images.forgetPod(uid);
        backoff.forgetPrefix(uid + "/");
        memory.remove(uid);
        status.forget(uid);
    }

    /** A pod that finished (Succeeded/Failed) keeps its containers for logs but gives back its sandbox. */
    private void stopFinished(Pod pod, PodRuntimeState state) {
        for (ContainerInfo c : state.running()) {
            stopContainer(pod, c, RuntimeConfigs.gracePeriod(pod));
        }
        for (SandboxInfo s : state.sandboxes()) {
            if (s.ready()) {
                ignoreNotFound(() -> rt(60).stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(s.id()).build()));
            }
        }
        probes.removePod(pod.getMetadata().getUid());
    }

    /** Exited instances beyond the newest {@value #KEEP_INSTANCES} of each container are removed. */
    private void collectGarbage(PodRuntimeState state) {
        for (String name : state.containerNames()) {
            List<ContainerInfo> all = state.instances(name);
            for (int i = KEEP_INSTANCES; i < all.size(); i++) {
                ContainerInfo old = all.get(i);
                if (old.exited()) {
                    ignoreNotFound(() -> rt(60).removeContainer(RemoveContainerRequest.newBuilder()
                            .setContainerId(old.id()).build()));
                }
            }
        }
    }

    private PodStatus writeStatus(Pod pod, PodRuntimeState state, Map<String, Waiting> waiting) {
        PodStatus st = PodStatusComputer.compute(new PodStatusComputer.Input(pod,
                status.lastWritten(pod.getMetadata().getUid()), state, waiting,
                probes::ready, probes::started, node.hostIP(), Instant.now()));
        status.set(pod, st);
        return st;
    }

    private void recordStart(Pod pod, PodMemory mem, PodStatus st) {
        if (mem.startRecorded || !"Running".equals(st.getPhase())) {
            return;
        }
        boolean allRunning = st.getContainerStatuses().stream().allMatch(cs -> cs.getState().getRunning() != null);
        if (!allRunning) {
            return;
        }
        mem.startRecorded = true;
        String created = pod.getMetadata().getCreationTimestamp();
        if (created != null && mem.wasReady.isEmpty()) {
            try {
                metrics.podStart(Duration.between(Times.parseRfc3339(created), Instant.now()));
            } catch (RuntimeException e) {
                // unparseable timestamp: no sample
            }
        }
    }

    private static Set<String> readyInLastStatus(Pod pod) {
        Set<String> ids = new HashSet<>();
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                if (Boolean.TRUE.equals(cs.getReady()) && cs.getContainerID() != null
                        && cs.getContainerID().startsWith(PodStatusComputer.CONTAINER_ID_PREFIX)) {
                    ids.add(cs.getContainerID().substring(PodStatusComputer.CONTAINER_ID_PREFIX.length()));
                }
            }
        }
        return ids;
    }

    private static boolean hasProjectedData(Pod pod) {
        return pod.getSpec().getVolumes() != null && pod.getSpec().getVolumes().stream()
                .anyMatch(v -> v.getConfigMap() != null || v.getSecret() != null);
    }

    private PodRuntimeState reinspect(Pod pod) {
        return inspector.byUid(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                .getOrDefault(pod.getMetadata().getUid(), PodRuntimeState.empty(pod.getMetadata().getUid()));
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub rt(long deadlineSeconds) {
        return runtime.runtime().withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
    }

    private static void ignoreNotFound(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static String describe(StatusRuntimeException e) {
        return e.getStatus().getDescription() == null ? e.getStatus().getCode().toString() : e.getStatus().getDescription();
    }

    private static Duration min(Duration a, Duration b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
