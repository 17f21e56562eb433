package io.jctl.agent.hollow;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jctl.agent.runtime.Times;
import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStats;
import io.jctl.runtime.api.v1.ContainerStatsRequest;
import io.jctl.runtime.api.v1.ContainerStatsResponse;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ContainerStatusRequest;
import io.jctl.runtime.api.v1.ContainerStatusResponse;
import io.jctl.runtime.api.v1.CreateContainerRequest;
import io.jctl.runtime.api.v1.CreateContainerResponse;
import io.jctl.runtime.api.v1.ExecInput;
import io.jctl.runtime.api.v1.ExecOutput;
import io.jctl.runtime.api.v1.ExecSyncRequest;
import io.jctl.runtime.api.v1.ExecSyncResponse;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.ImageStatusResponse;
import io.jctl.runtime.api.v1.ImportImageRequest;
import io.jctl.runtime.api.v1.ImportImageResponse;
import io.jctl.runtime.api.v1.ListContainerStatsRequest;
import io.jctl.runtime.api.v1.ListContainerStatsResponse;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListContainersResponse;
import io.jctl.runtime.api.v1.ListImagesRequest;
import io.jctl.runtime.api.v1.ListImagesResponse;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.ListPodSandboxResponse;
import io.jctl.runtime.api.v1.LogChunk;
import io.jctl.runtime.api.v1.ContainerLogsRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxFilter;
import io.jctl.runtime.api.v1.PodSandboxNetworkStatus;
import io.jctl.runtime.api.v1.PodSandboxState;
import io.jctl.runtime.api.v1.PodSandboxStatusRequest;
import io.jctl.runtime.api.v1.PodSandboxStatusResponse;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;
import io.jctl.runtime.api.v1.RemoveContainerRequest;
import io.jctl.runtime.api.v1.RemoveContainerResponse;
import io.jctl.runtime.api.v1.RemoveImageRequest;
import io.jctl.runtime.api.v1.RemoveImageResponse;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.RemovePodSandboxResponse;
import io.jctl.runtime.api.v1.RunPodSandboxRequest;
import io.jctl.runtime.api.v1.RunPodSandboxResponse;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.api.v1.StartContainerRequest;
import io.jctl.runtime.api.v1.StartContainerResponse;
import io.jctl.runtime.api.v1.StopContainerRequest;
import io.jctl.runtime.api.v1.StopContainerResponse;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.api.v1.StopPodSandboxResponse;
import io.jctl.runtime.api.v1.VersionRequest;
import io.jctl.runtime.api.v1.VersionResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An in-memory container runtime serving both gRPC services. Images are "pulled" at once,
 * sandboxes get addresses from the node's pod CIDR, containers run until their command line
 * says otherwise ({@link HollowBehaviour}) or they are stopped. All state is guarded by this
 * object's monitor; timers run on a shared scheduler so that many hollow runtimes cost no threads.
 */
public final class HollowRuntime {
    private final PodCidr cidr;
    private final ScheduledExecutorService timers;
    private final Duration startDelay;
    private final Duration defaultRun;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, SandboxRec> sandboxes = new LinkedHashMap<>();
    private final Map<String, ContainerRec> containers = new LinkedHashMap<>();
    /**
     * Sandboxes and containers by their pod UID label ({@code u:<uid>}) and by their pod's
     * namespace/name labels ({@code k:<ns>/<name>}), in creation order: the agent lists them by
     * those labels for each pod it syncs, and a hollow node holds a hundred pods or more.
     */
    private final Map<String, List<SandboxRec>> sandboxesByPod = new HashMap<>();
    private final Map<String, List<ContainerRec>> containersByPod = new HashMap<>();

    /**
     * @param startDelay time a started container stays Created before it runs
     * @param defaultRun time a container told to exit without a {@code sleep} runs first
     */
    public HollowRuntime(String podCidr, ScheduledExecutorService timers, Duration startDelay, Duration defaultRun) {
        this.cidr = new PodCidr(podCidr);
        this.timers = timers;
        this.startDelay = startDelay;
        this.defaultRun = defaultRun;
    }

    public BindableService runtimeService() {
        return new RuntimeSvc();
    }

    public BindableService imageService() {
        return new ImageSvc();
    }

    /** The config a container was created with (env, mounts, command), for tests. */
    public synchronized Optional<ContainerConfig> containerConfig(String id) {
        ContainerRec c = containers.get(id);
        return c == null ? Optional.empty() : Optional.of(c.config);
    }

    /** Number of containers (any state) labelled with a pod uid, for tests. */
    public synchronized long containerCount(String podUid) {
        return containers.values().stream()
                .filter(c -> podUid.equals(c.config.getLabelsMap().get(io.jctl.agent.runtime.RuntimeLabels.POD_UID)))
                .count();
    }

    /** Number of containers in the Running state, for tests and benchmarks. */
    public synchronized long runningContainers() {
        return containers.values().stream().filter(c -> c.state == ContainerState.CONTAINER_RUNNING).count();
    }

    private static final class SandboxRec {
        PodSandbox.Builder sandbox;
        /** sandbox built, until its state changes: the agent lists it on every sync of its pod and every relist. */
        PodSandbox built;

        PodSandbox built() {
            if (built == null) {
                built = sandbox.build();
            }
            return built;
        }
        /** The sandbox's labels as a plain map: protobuf's map view is rebuilt on each read. */
        Map<String, String> labels;
        String ip;
    }

    private static final class ContainerRec {
        String id;
        String sandboxId;
        ContainerConfig config;
        /** The container's labels as a plain map, for the list filters. */
        Map<String, String> labels;
        String imageRef;
        ContainerState state = ContainerState.CONTAINER_CREATED;
        long createdAt;
        long startedAt;
        long finishedAt;
        int exitCode;
        String reason = "";
        ScheduledFuture<?> timer;
        /** toContainer() and toStatus() until the state changes (see {@link #changed}). */
        Container container;
        ContainerStatus status;
        /** Prints the loop's lines while it runs. */
        ScheduledFuture<?> ticker;
        final List<LogChunk> log = new ArrayList<>();
        final List<io.grpc.stub.ServerCallStreamObserver<LogChunk>> followers = new ArrayList<>();

        void changed() {
            container = null;
            status = null;
        }

        Container toContainer() {
            if (container == null) {
                container = buildContainer();
            }
            return container;
        }

        ContainerStatus toStatus() {
            if (status == null) {
                status = buildStatus();
            }
            return status;
        }

        private Container buildContainer() {
            return Container.newBuilder().setId(id).setPodSandboxId(sandboxId).setMetadata(config.getMetadata())
                    .setImage(config.getImage()).setImageRef(imageRef).setState(state).setCreatedAt(createdAt)
                    .putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap()).build();
        }

        private ContainerStatus buildStatus() {
            return ContainerStatus.newBuilder().setId(id).setMetadata(config.getMetadata()).setState(state)
                    .setCreatedAt(createdAt).setStartedAt(startedAt).setFinishedAt(finishedAt)
                    .setExitCode(exitCode).setImage(config.getImage()).setImageRef(imageRef).setReason(reason)
                    .putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap())
                    .addAllMounts(config.getMountsList()).setLogPath(config.getLogPath())
                    .setPid(state == ContainerState.CONTAINER_RUNNING ? 1 : 0).build();
        }
    }

    private synchronized Image pull(String ref) {
        String name = normalize(ref);
        return images.computeIfAbsent(name, n -> Image.newBuilder().setId("sha256:" + sha256(n)).addRepoTags(n)
                .setSize(1 << 20).setConfig(ImageConfig.newBuilder().addCmd("/bin/sh")).build());
    }

    private synchronized Image image(String ref) {
        return images.get(normalize(ref));
    }

    /** {@code busybox} and {@code docker.io/library/busybox:latest} are one image. */
    static String normalize(String ref) {
        String r = ref;
        int slash = r.lastIndexOf('/');
        if (!r.contains("@") && r.indexOf(':', slash + 1) < 0) {
            r = r + ":latest";
        }
        int first = r.indexOf('/');
        String host = first < 0 ? "" : r.substring(0, first);
        if (first < 0 || !(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            r = "docker.io/" + (first < 0 ? "library/" : "") + r;
        }
        return r;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private synchronized void start(ContainerRec c) {
        c.state = ContainerState.CONTAINER_RUNNING;
        c.startedAt = Times.nowNanos();
        c.changed();
        List<String> line = new ArrayList<>(c.config.getCommandList());
        line.addAll(c.config.getArgsList());
        HollowBehaviour b = HollowBehaviour.of(line, defaultRun);
        HollowOutput output = HollowOutput.of(line);
        output.once().forEach(l -> print(c, l));
        if (!output.repeated().isEmpty()) {
            long ms = output.period().toMillis();
            c.ticker = timers.scheduleAtFixedRate(() -> {
                synchronized (HollowRuntime.this) {
                    if (c.state == ContainerState.CONTAINER_RUNNING) {
                        output.repeated().forEach(l -> print(c, l));
                    }
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        b.exitCode().ifPresent(code -> c.timer = timers.schedule(() -> exit(c, code, code == 0 ? "Completed" : "Error"),
                b.runFor().toMillis(), TimeUnit.MILLISECONDS));
    }

    private synchronized void exit(ContainerRec c, int code, String reason) {
        if (c.state != ContainerState.CONTAINER_RUNNING && c.state != ContainerState.CONTAINER_CREATED) {
            return;
        }
        if (c.timer != null) {
            c.timer.cancel(false);
        }
        endLog(c);
        if (c.startedAt == 0) {
            c.startedAt = Times.nowNanos();
        }
        c.state = ContainerState.CONTAINER_EXITED;
        c.finishedAt = Times.nowNanos();
        c.exitCode = code;
        c.reason = reason;
        c.changed();
    }

    /** Appends one stdout line to the container's log and hands it to every follower. */
    private synchronized void print(ContainerRec c, String line) {
        LogChunk chunk = LogChunk.newBuilder().setTimeUnixNanos(Times.nowNanos()).setStream("stdout")
                .setLine(ByteString.copyFromUtf8(line)).build();
        c.log.add(chunk);
        for (var f : List.copyOf(c.followers)) {
            try {
                f.onNext(chunk);
            } catch (RuntimeException e) {
                c.followers.remove(f); // cancelled meanwhile
            }
        }
    }

    /** The container stopped printing: stop its loop and end every follow. */
    private synchronized void endLog(ContainerRec c) {
        if (c.ticker != null) {
            c.ticker.cancel(false);
        }
        for (var f : List.copyOf(c.followers)) {
            try {
                f.onCompleted();
            } catch (RuntimeException e) {
                // cancelled meanwhile
            }
        }
        c.followers.clear();
    }

    private synchronized ContainerRec container(String id) {
        ContainerRec c = containers.get(id);
        if (c == null) {
            throw Status.NOT_FOUND.withDescription("container " + id + " not found").asRuntimeException();
        }
        return c;
    }

    /**
     * The records a list call needs to look at, in creation order: the one with {@code id} (none
     * if unknown), else those of the pod UID the selector names, else those of the pod
     * namespace/name it names, else every record.
     */
    private static <R> Collection<R> candidates(Map<String, R> byId, Map<String, List<R>> byPod, String id,
                                                          Map<String, String> labelSelector) {
        if (id.isEmpty()) {
            String podUid = labelSelector.get(io.jctl.agent.runtime.RuntimeLabels.POD_UID);
            if (podUid != null) {
                return byPod.getOrDefault("u:" + podUid, List.of());
            }
            String podKey = io.jctl.agent.runtime.RuntimeLabels.keyOf(labelSelector);
            if (podKey != null) {
                return byPod.getOrDefault("k:" + podKey, List.of());
            }
            return byId.values();
        }
        R one = byId.get(id);
        return one == null ? List.of() : List.of(one);
    }

    private static <R> void index(Map<String, List<R>> byPod, Map<String, String> labels, R rec) {
        for (String k : indexKeys(labels)) {
            byPod.computeIfAbsent(k, x -> new ArrayList<>(2)).add(rec);
        }
    }

    private static <R> void unindex(Map<String, List<R>> byPod, Map<String, String> labels, R rec) {
        for (String k : indexKeys(labels)) {
            List<R> recs = byPod.get(k);
            if (recs != null) {
                recs.remove(rec);
                if (recs.isEmpty()) {
                    byPod.remove(k);
                }
            }
        }
    }

    private static List<String> indexKeys(Map<String, String> labels) {
        String podUid = labels.get(io.jctl.agent.runtime.RuntimeLabels.POD_UID);
        String podKey = io.jctl.agent.runtime.RuntimeLabels.keyOf(labels);
        if (podUid == null) {
            return podKey == null ? List.of() : List.of("k:" + podKey);
        }
        return podKey == null ? List.of("u:" + podUid) : List.of("u:" + podUid, "k:" + podKey);
    }

    /** A filter's label selector copied once per call: protobuf's map view is costly to walk per record. */
    private static List<Map.Entry<String, String>> selector(Map<String, String> labelSelector) {
        return List.copyOf(labelSelector.entrySet());
    }

    private static boolean matches(Map<String, String> labels, List<Map.Entry<String, String>> selector) {
        for (Map.Entry<String, String> e : selector) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (io.grpc.StatusRuntimeException e) {
            out.onError(e);
            return;
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    private final class RuntimeSvc extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
            reply(out, () -> VersionResponse.newBuilder().setRuntimeName("jctl-hollow").setRuntimeVersion("0.1.0")
                    .setApiVersion("v1").setCgroupVersion("v2").build());
        }

        @Override
        public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    SandboxRec rec = new SandboxRec();
                    String id = newId();
                    rec.ip = request.getConfig().getHostNetwork() ? "" : cidr.allocate();
                    rec.sandbox = PodSandbox.newBuilder().setId(id).setMetadata(request.getConfig().getMetadata())
                            .setState(PodSandboxState.SANDBOX_READY).setCreatedAt(Times.nowNanos())
                            .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp(rec.ip))
                            .putAllLabels(request.getConfig().getLabelsMap())
                            .putAllAnnotations(request.getConfig().getAnnotationsMap())
                            .setNetnsPath("/run/jctl/netns/" + id);
                    rec.labels = Map.copyOf(request.getConfig().getLabelsMap());
                    sandboxes.put(id, rec);
                    index(sandboxesByPod, rec.labels, rec);
                    return RunPodSandboxResponse.newBuilder().setPodSandboxId(id).build();
                }
            });
        }

        @Override
        public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    SandboxRec rec = sandboxes.get(request.getPodSandboxId());
                    if (rec != null) {
                        for (ContainerRec c : containers.values()) {
                            if (c.sandboxId.equals(request.getPodSandboxId())) {
                                exit(c, 137, "Error");
                            }
                        }
                        rec.sandbox.setState(PodSandboxState.SANDBOX_NOTREADY);
                        rec.built = null;
                    }
                    return StopPodSandboxResponse.getDefaultInstance();
                }
            });
        }

        @Override
        public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    SandboxRec rec = sandboxes.remove(request.getPodSandboxId());
                    if (rec != null) {
                        unindex(sandboxesByPod, rec.labels, rec);
                        containers.values().removeIf(c -> {
                            if (!c.sandboxId.equals(request.getPodSandboxId())) {
                                return false;
                            }
                            if (c.timer != null) {
                                c.timer.cancel(false);
                            }
                            endLog(c);
                            unindex(containersByPod, c.labels, c);
                            return true;
                        });
                        cidr.release(rec.ip);
                    }
                    return RemovePodSandboxResponse.getDefaultInstance();
                }
            });
        }

        @Override
        public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    SandboxRec rec = sandboxes.get(request.getPodSandboxId());
                    if (rec == null) {
                        throw Status.NOT_FOUND.withDescription("sandbox " + request.getPodSandboxId() + " not found")
                                .asRuntimeException();
                    }
                    return PodSandboxStatusResponse.newBuilder().setStatus(rec.built()).build();
                }
            });
        }

        @Override
        public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    PodSandboxFilter f = request.getFilter();
                    ListPodSandboxResponse.Builder b = ListPodSandboxResponse.newBuilder();
                    // Filter on the records and build only the answers: the agent asks by pod UID
                    // label for every pod it syncs, and building every sandbox of the node for each
                    // question was most of a hollow node's runtime cost.
                    List<Map.Entry<String, String>> selector = selector(f.getLabelSelectorMap());
                    for (SandboxRec rec : candidates(sandboxes, sandboxesByPod, f.getId(), f.getLabelSelectorMap())) {
                        PodSandbox.Builder s = rec.sandbox;
                        if ((!f.getOnlyReady() || s.getState() == PodSandboxState.SANDBOX_READY)
                                && matches(rec.labels, selector)) {
                            b.addItems(rec.built());
                        }
                    }
                    return b.build();
                }
            });
        }

        @Override
        public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    SandboxRec sb = sandboxes.get(request.getPodSandboxId());
                    if (sb == null || sb.sandbox.getState() != PodSandboxState.SANDBOX_READY) {
                        throw Status.FAILED_PRECONDITION.withDescription("sandbox " + request.getPodSandboxId()
                                + " is not ready").asRuntimeException();
                    }
                    Image img = image(request.getConfig().getImage().getImage());
                    if (img == null) {
                        throw Status.NOT_FOUND.withDescription("image " + request.getConfig().getImage().getImage()
                                + " not present").asRuntimeException();
                    }
                    ContainerRec c = new ContainerRec();
                    c.id = newId();
                    c.sandboxId = request.getPodSandboxId();
                    c.config = request.getConfig();
                    c.labels = Map.copyOf(c.config.getLabelsMap());
                    c.imageRef = img.getId();
                    c.createdAt = Times.nowNanos();
                    containers.put(c.id, c);
                    index(containersByPod, c.labels, c);
                    return CreateContainerResponse.newBuilder().setContainerId(c.id).build();
                }
            });
        }

        @Override
        public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> out) {
            reply(out, () -> {
                ContainerRec c = container(request.getContainerId());
                synchronized (HollowRuntime.this) {
                    if (c.state != ContainerState.CONTAINER_CREATED || c.timer != null) {
                        throw Status.FAILED_PRECONDITION.withDescription("container " + c.id + " is not created")
                                .asRuntimeException();
                    }
                    if (startDelay.isZero()) {
                        start(c);
                    } else {
                        c.timer = timers.schedule(() -> start(c), startDelay.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                return StartContainerResponse.getDefaultInstance();
            });
        }

        @Override
        public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> out) {
            reply(out, () -> {
                ContainerRec c = container(request.getContainerId());
                // A hollow process always honours SIGTERM at once: 143 as a shell would report it.
                exit(c, request.getTimeout() <= 0 ? 137 : 143, "Error");
                return StopContainerResponse.getDefaultInstance();
            });
        }

        @Override
        public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    ContainerRec c = containers.get(request.getContainerId());
                    if (c != null && c.state == ContainerState.CONTAINER_RUNNING) {
                        throw Status.FAILED_PRECONDITION.withDescription("container " + c.id + " is running")
                                .asRuntimeException();
                    }
                    if (c != null) {
                        if (c.timer != null) {
                            c.timer.cancel(false);
                        }
                        endLog(c);
                        containers.remove(c.id);
                        unindex(containersByPod, c.labels, c);
                    }
                    return RemoveContainerResponse.getDefaultInstance();
                }
            });
        }

        @Override
        public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    ContainerFilter f = request.getFilter();
                    ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
                    List<Map.Entry<String, String>> selector = selector(f.getLabelSelectorMap());
                    String sandboxId = f.getPodSandboxId();
                    ContainerState state = f.hasState() ? f.getState() : null;
                    for (ContainerRec c : candidates(containers, containersByPod, f.getId(), f.getLabelSelectorMap())) {
                        if ((sandboxId.isEmpty() || sandboxId.equals(c.sandboxId))
                                && (state == null || state == c.state)
                                && matches(c.labels, selector)) {
                            b.addContainers(c.toContainer());
                        }
                    }
                    return b.build();
                }
            });
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
            reply(out, () -> {
                ContainerRec c = container(request.getContainerId());
                synchronized (HollowRuntime.this) {
                    return ContainerStatusResponse.newBuilder().setStatus(c.toStatus()).build();
                }
            });
        }

        @Override
        public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> out) {
            reply(out, () -> {
                ContainerRec c = container(request.getContainerId());
                return ContainerStatsResponse.newBuilder().setStats(ContainerStats.newBuilder().setContainerId(c.id)
                        .setTimestamp(Times.nowNanos()).setMemoryWorkingSetBytes(4 << 20)).build();
            });
        }

        @Override
        public void listContainerStats(ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    ListContainerStatsResponse.Builder b = ListContainerStatsResponse.newBuilder();
                    for (ContainerRec c : containers.values()) {
                        if (request.getPodSandboxId().isEmpty() || request.getPodSandboxId().equals(c.sandboxId)) {
                            b.addStats(ContainerStats.newBuilder().setContainerId(c.id).setTimestamp(Times.nowNanos())
                                    .setMemoryWorkingSetBytes(4 << 20));
                        }
                    }
                    return b.build();
                }
            });
        }

        @Override
        public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> out) {
            reply(out, () -> {
                ContainerRec c = container(request.getContainerId());
                synchronized (HollowRuntime.this) {
                    if (c.state != ContainerState.CONTAINER_RUNNING) {
                        throw Status.FAILED_PRECONDITION.withDescription("container " + c.id + " is not running")
                                .asRuntimeException();
                    }
                }
                HollowBehaviour.ExecResult r = HollowBehaviour.exec(request.getCmdList());
                return ExecSyncResponse.newBuilder().setExitCode(r.exitCode())
                        .setStdout(ByteString.copyFromUtf8(r.stdout())).build();
            });
        }

        /**
         * Interactive exec: {@code cat} copies stdin to stdout until stdin closes; any other command
         * answers at once as {@link HollowBehaviour#exec} says.
         */
        @Override
        public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> out) {
            return new StreamObserver<>() {
                private boolean started;
                private boolean cat;
                private boolean done;

                @Override
                public synchronized void onNext(ExecInput in) {
                    if (done) {
                        return;
                    }
                    if (!started) {
                        if (!in.hasStart()) {
                            finish(Status.INVALID_ARGUMENT.withDescription("the first message must be an ExecStart"));
                            return;
                        }
                        started = true;
                        try {
                            ContainerRec c = container(in.getStart().getContainerId());
                            synchronized (HollowRuntime.this) {
                                if (c.state != ContainerState.CONTAINER_RUNNING) {
                                    finish(Status.FAILED_PRECONDITION.withDescription("container " + c.id
                                            + " is not running"));
                                    return;
                                }
                            }
                        } catch (io.grpc.StatusRuntimeException e) {
                            finish(e.getStatus());
                            return;
                        }
                        List<String> cmd = in.getStart().getCmdList();
                        cat = cmd.size() == 1 && (cmd.get(0).equals("cat") || cmd.get(0).equals("/bin/cat"));
                        if (cat && in.getStart().getStdin()) {
                            return;
                        }
                        HollowBehaviour.ExecResult r = HollowBehaviour.exec(cmd);
                        if (!r.stdout().isEmpty()) {
                            out.onNext(ExecOutput.newBuilder().setStdout(ByteString.copyFromUtf8(r.stdout())).build());
                        }
                        exit(r.exitCode());
                        return;
                    }
                    if (cat && in.hasStdin()) {
                        out.onNext(ExecOutput.newBuilder().setStdout(in.getStdin()).build());
                    } else if (cat && in.hasStdinClosed()) {
                        exit(0);
                    }
                }

                private void exit(int code) {
                    done = true;
                    out.onNext(ExecOutput.newBuilder().setExitCode(code).build());
                    out.onCompleted();
                }

                private void finish(Status status) {
                    done = true;
                    out.onError(status.asRuntimeException());
                }

                @Override
                public synchronized void onError(Throwable t) {
                    done = true;
                }

                @Override
                public synchronized void onCompleted() {
                    if (!done && cat) {
                        exit(0);
                    }
                }
            };
        }

        /** The container's lines (since, tail), then with follow every new one until it stops. */
        @Override
        public void containerLogs(ContainerLogsRequest request, StreamObserver<LogChunk> out) {
            ContainerRec c;
            try {
                c = container(request.getContainerId());
            } catch (io.grpc.StatusRuntimeException e) {
                out.onError(e);
                return;
            }
            var call = (io.grpc.stub.ServerCallStreamObserver<LogChunk>) out;
            call.setOnCancelHandler(() -> {
                synchronized (HollowRuntime.this) {
                    c.followers.remove(call);
                }
            });
            synchronized (HollowRuntime.this) {
                List<LogChunk> lines = c.log.stream()
                        .filter(l -> l.getTimeUnixNanos() >= request.getSinceUnixNanos()).toList();
                if (request.getTailLines() > 0 && lines.size() > request.getTailLines()) {
                    lines = lines.subList((int) (lines.size() - request.getTailLines()), lines.size());
                }
                lines.forEach(out::onNext);
                boolean live = c.state == ContainerState.CONTAINER_RUNNING || c.state == ContainerState.CONTAINER_CREATED;
                if (request.getFollow() && live && containers.containsKey(c.id)) {
                    c.followers.add(call);
                    return;
                }
            }
            out.onCompleted();
        }
    }

    private final class ImageSvc extends ImageServiceGrpc.ImageServiceImplBase {
        @Override
        public void pullImage(PullImageRequest request, StreamObserver<PullImageProgress> out) {
            Image img = pull(request.getImage().getImage());
            out.onNext(PullImageProgress.newBuilder().setMessage("pulled " + img.getRepoTags(0))
                    .setBytesDone(img.getSize()).setBytesTotal(img.getSize()).setImage(img).build());
            out.onCompleted();
        }

        @Override
        public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    return ListImagesResponse.newBuilder().addAllImages(images.values()).build();
                }
            });
        }

        @Override
        public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> out) {
            reply(out, () -> {
                Image img = image(request.getImage().getImage());
                if (img == null) {
                    throw Status.NOT_FOUND.withDescription("image " + request.getImage().getImage() + " not present")
                            .asRuntimeException();
                }
                return ImageStatusResponse.newBuilder().setImage(img).build();
            });
        }

        @Override
        public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> out) {
            reply(out, () -> {
                synchronized (HollowRuntime.this) {
                    images.remove(normalize(request.getImage().getImage()));
                    return RemoveImageResponse.getDefaultInstance();
                }
            });
        }

        @Override
        public void importImage(ImportImageRequest request, StreamObserver<ImportImageResponse> out) {
            reply(out, () -> {
                ImportImageResponse.Builder b = ImportImageResponse.newBuilder();
                request.getTagsList().forEach(t -> b.addImages(pull(t)));
                return b.build();
            });
        }
    }
}
