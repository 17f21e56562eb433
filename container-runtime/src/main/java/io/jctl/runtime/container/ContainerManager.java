package io.jctl.runtime.container;

import com.google.protobuf.ByteString;
import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.ContainerMetadata;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStats;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ExecSyncResponse;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.LogChunk;
import io.jctl.runtime.api.v1.Mount;
import io.jctl.runtime.cgroup.CgroupLimits;
import io.jctl.runtime.cgroup.CgroupStats;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.image.ImageLookup;
import io.jctl.runtime.image.ImageUsage;
import io.jctl.runtime.image.ResolvedImage;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.sys.ProcStat;
import io.jctl.runtime.sys.ShimSpec;
import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Containers: an overlayfs root over the image's layers with its own upper and work dirs under
 * {@code <root>/containers/<id>/} (mounted by the shim inside the container's mount namespace only), a cgroup {@code <parent>/<pod>/<id>}, and a workload started by
 * {@code jctl-shim run}, whose monitor outlives this JVM and writes the exit file. State (one JSON
 * file, written at create and at each state change), the shim spec and the exit file are under
 * {@code <runDir>/containers/<id>/}; a new instance re-adopts running containers and removes what
 * belongs to no container.
 */
public final class ContainerManager implements ImageUsage, AutoCloseable {
    /** Paths Docker hides from containers (unless privileged). */
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    /** Paths Docker makes read-only (unless privileged). */
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private static final String STATE = "state.json";
    /** Where runtimes before {@link ContainerRecord#overlay} kept the overlay options, beside the layer dirs. */
    private static final String OVERLAY = "overlay.options";
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final RuntimeConfig config;
    private final SandboxManager sandboxes;
    private final ImageLookup images;
    private final Cgroups cgroups;
    private final Map<String, ContainerRecord> containers = new ConcurrentHashMap<>();
    /** Where containers copy their mount namespace from; null: from the host's (see {@link MountTemplate}). */
    private volatile MountTemplate mountTemplate;
    /** Deletes removed containers' directories after they were renamed aside (see {@link #remove}). */
    private final java.util.concurrent.ExecutorService deleter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "container-dir-deleter");
        t.setDaemon(true);
        return t;
    });

    /** Loads containers from disk: running ones stay running, exited ones get their exit status; leftovers are removed. */
    public ContainerManager(RuntimeConfig config, SandboxManager sandboxes, ImageLookup images) throws IOException {
        this.config = config;
        this.sandboxes = sandboxes;
        this.images = images;
        this.cgroups = sandboxes.cgroups();
        Files.createDirectories(config.containersDir());
        StateFiles.deleteTree(removedDir());
        recover();
        this.mountTemplate = MountTemplate.create();
    }

    /**
     * The container's scratch files on the run directory's tmpfs: the shim spec and the exit file,
     * written on every start and exit (containerd keeps task state under /run the same way). They
     * outlive a runtime restart, not a reboot — and neither does the container.
     */
    private Path runDir(String id) {
        return config.runDir().resolve("containers").resolve(id);
    }

    /** Where removed containers' directories wait for deletion; on the same file system, so a rename moves them. */
    private Path removedDir() {
        return config.root().resolve("removed-containers");
    }

    /** Waits until the directories of removed containers are deleted; new containers cannot start afterwards. */
    @Override
    public void close() {
        MountTemplate template = mountTemplate;
        mountTemplate = null;
        if (template != null) {
            template.close();
        }
        deleter.shutdown();
        try {
            deleter.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // create, start, stop, remove

    public String create(String sandboxId, ContainerConfig c) {
        SandboxRecord sandbox = sandboxes.require(sandboxId);
        if (!sandbox.ready) {
            throw RuntimeFailure.precondition("pod sandbox " + sandboxId + " is stopped; run a new sandbox for container "
                    + c.getMetadata().getName());
        }
        String name = c.getMetadata().getName();
        if (name.isEmpty()) {
            throw RuntimeFailure.invalid("CreateContainer: config.metadata.name is empty; give the container's name");
        }
        for (ContainerRecord other : containers.values()) {
            if (other.sandboxId.equals(sandboxId) && other.name.equals(name) && other.attempt == c.getMetadata().getAttempt()) {
                throw new RuntimeFailure(RuntimeFailure.Kind.ALREADY_EXISTS, "container " + name + " attempt "
                        + other.attempt + " already exists in pod sandbox " + sandboxId + " as " + other.id
                        + "; remove it or raise metadata.attempt");
            }
        }
        for (Mount m : c.getMountsList()) {
            validateMount(name, m);
        }
        ResolvedImage image = resolveImage(c.getImage().getImage());
        String id = StateFiles.newId();
        Path dir = config.containersDir().resolve(id);
        ContainerRecord r = new ContainerRecord();
        r.id = id;
        r.sandboxId = sandboxId;
        r.name = name;
        r.attempt = c.getMetadata().getAttempt();
        r.image = c.getImage().getImage();
        r.imageRef = image.id();
        r.createdAt = SandboxManager.nowNanos();
        r.cgroupPath = sandboxes.cgroupPath(sandboxId) + "/" + id;
        r.labels.putAll(c.getLabelsMap());
        r.annotations.putAll(c.getAnnotationsMap());
        r.privileged = c.getSecurityContext().getPrivileged();
        r.readonlyRootfs = c.getSecurityContext().getReadonlyRootfs();
        r.noNewPrivs = !r.privileged || c.getSecurityContext().getNoNewPrivs();
        r.capabilities = Capabilities.resolve(r.privileged, c.getSecurityContext().getAddCapabilitiesList(),
                c.getSecurityContext().getDropCapabilitiesList());
        r.stopSignal = Signals.number(image.config().getStopSignal());
        for (Mount m : c.getMountsList()) {
            r.mounts.add(new ContainerRecord.BindMount(m.getContainerPath(), m.getHostPath(), m.getReadonly()));
        }
        if (!sandbox.logDirectory.isEmpty() && !c.getLogPath().isEmpty()) {
            r.logPath = Path.of(sandbox.logDirectory).resolve(c.getLogPath()).toString();
        } else {
            r.logPath = dir.resolve("container.log").toString();
        }
        try {
            Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(dir.resolve("rootfs"));
            Files.createDirectories(runDir(id));
            r.overlay = overlayOptions(dir, image);
            ProcessSpec p = ProcessSpec.of(image.config(), c, image.layers(), sandbox.hostname);
            r.argv = p.argv();
            r.env = p.env();
            r.cwd = p.cwd();
            r.uid = p.uid();
            r.gid = p.gid();
            r.groups = new ArrayList<>(p.groups());
            for (Mount m : c.getMountsList()) {
                Files.createDirectories(Path.of(m.getHostPath())); // as containerd does for a missing host path
            }
            Files.createDirectories(Path.of(r.logPath).getParent());
            cgroups.create(r.cgroupPath, CgroupLimits.of(c.getResources()));
            if (!r.privileged) {
                cgroups.restrictDevices(r.cgroupPath); // CAP_MKNOD stays, as Docker's; opening what it makes does not
            }
            StateFiles.writeJson(runDir(id).resolve(STATE), r);
            containers.put(id, r);
            return id;
        } catch (IOException | RuntimeException e) {
            cleanUp(id, r.cgroupPath, r.logPath);
            if (e instanceof RuntimeFailure f) {
                throw f;
            }
            throw RuntimeFailure.internal("CreateContainer " + name + " in pod sandbox " + sandboxId + " failed and was rolled back", e);
        }
    }

    private ResolvedImage resolveImage(String ref) {
        if (ref.isEmpty()) {
            throw RuntimeFailure.invalid("CreateContainer: config.image.image is empty; name the image to run");
        }
        try {
            return images.resolve(ref).orElseThrow(() -> RuntimeFailure.notFound("image " + ref
                    + " is not present on this node; pull it with PullImage (or import it) first"));
        } catch (IOException e) {
            throw RuntimeFailure.internal("image " + ref, e);
        }
    }

    private static void validateMount(String container, Mount m) {
        String target = m.getContainerPath();
        if (!target.startsWith("/") || target.replace("/", "").isEmpty() || List.of(target.split("/")).contains("..")) {
            throw RuntimeFailure.invalid("container " + container + ": mount containerPath " + target
                    + " must be an absolute path below / without ..");
        }
        if (!m.getHostPath().startsWith("/")) {
            throw RuntimeFailure.invalid("container " + container + ": mount hostPath " + m.getHostPath() + " must be absolute");
        }
        if ((target + m.getHostPath()).contains("\t") || (target + m.getHostPath()).contains("\n")) {
            throw RuntimeFailure.invalid("container " + container + ": mount paths must not contain tabs or newlines");
        }
    }

    /**
     * The overlayfs options of the container's root. The shim mounts it inside the container's own
     * mount namespace (in parallel with joining the cgroups), so it never appears in the host's
     * mount table and goes away with the container.
     */
    private static String overlayOptions(Path dir, ResolvedImage image) throws IOException {
        List<Path> layers = new ArrayList<>(image.layers());
        if (layers.isEmpty()) {
            Path empty = dir.resolve("empty");
            Files.createDirectories(empty);
            layers.add(empty);
        }
        Collections.reverse(layers); // overlayfs lists the top layer first
        StringBuilder lower = new StringBuilder();
        for (Path l : layers) {
            String s = l.toString();
            if (s.contains(":") || s.contains(",")) {
                throw new IOException("layer path " + s + " contains ':' or ',' which overlayfs options cannot carry");
            }
            lower.append(lower.length() == 0 ? "" : ":").append(s);
        }
        // volatile: no sync of the upper layer on unmount (tens of ms); a writable layer does not
        // outlive its container, so durability across a host crash buys nothing
        String options = "lowerdir=" + lower + ",upperdir=" + dir.resolve("upper") + ",workdir=" + dir.resolve("work") + ",volatile";
        if (options.length() > 4000) {
            throw new IOException("the image has too many layers for one overlayfs mount (" + layers.size() + " layers, "
                    + options.length() + " bytes of mount options; the kernel takes one page)");
        }
        return options;
    }

    public void start(String id) {
        ContainerRecord r = require(id);
        synchronized (r) {
            if (r.state != ContainerRecord.State.CREATED) {
                throw RuntimeFailure.precondition("container " + r.name + " (" + id + ") is " + r.state
                        + ", only a CREATED container can be started; create a new one");
            }
            SandboxRecord sandbox = sandboxes.require(r.sandboxId);
            if (!sandbox.ready) {
                throw RuntimeFailure.precondition("pod sandbox " + r.sandboxId + " of container " + r.name + " is stopped");
            }
            Path dir = config.containersDir().resolve(id);
            Path runDir = runDir(id);
            Path sandboxDir = sandboxes.dir(r.sandboxId);
            MountTemplate template = mountTemplate;
            ShimSpec spec = new ShimSpec()
                    .put("rootfs", dir.resolve("rootfs"))
                    .put("overlay", r.overlay != null ? r.overlay : readOverlay(dir))
                    .put("netns", sandbox.netnsPath)
                    .put("ipcns", sandbox.ipcnsPath)
                    .put("utsns", sandbox.utsnsPath)
                    .put("mntns", template == null ? null : template.path())
                    .putAll("cgroup", cgroups.procsFiles(r.cgroupPath))
                    .bind(sandboxDir.resolve(EtcFiles.HOSTS).toString(), "/etc/hosts", false)
                    .bind(sandboxDir.resolve(EtcFiles.RESOLV_CONF).toString(), "/etc/resolv.conf", false)
                    .bind(sandboxDir.resolve(EtcFiles.HOSTNAME).toString(), "/etc/hostname", false);
            for (ContainerRecord.BindMount m : r.mounts) {
                spec.bind(m.hostPath(), m.containerPath(), m.readonly());
            }
            if (!r.privileged) {
                spec.putAll("mask", MASKED_PATHS).putAll("readonly", READONLY_PATHS);
            }
            processSpec(spec, r)
                    .flag("sys_rw", r.privileged)
                    .flag("readonly_rootfs", r.readonlyRootfs)
                    .put("log", r.logPath)
                    .put("log_max", config.logMaxBytes())
                    .put("log_files", config.logMaxFiles())
                    .put("exitfile", runDir.resolve("exit"));
            String reply;
            try {
                Files.createDirectories(runDir);
                Path specFile = runDir.resolve("shim.spec");
                spec.writeTo(specFile);
                Process shim = new ProcessBuilder(config.shim().toString(), "run", specFile.toString())
                        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                // The reply is one line; the shim exits right after it and the JDK reaps it, so
                // there is no need to wait for that here.
                try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(shim.getInputStream(), StandardCharsets.UTF_8))) {
                    String line = out.readLine();
                    reply = line == null ? "error jctl-shim exited without a reply" : line.trim();
                }
            } catch (IOException e) {
                throw RuntimeFailure.internal("start container " + r.name + ": cannot run " + config.shim(), e);
            }
            if (reply.startsWith("ok ")) {
                String[] f = reply.split("\\s+");
                r.monitorPid = Integer.parseInt(f[1]);
                r.pid = Integer.parseInt(f[2]);
                r.monitorStartTime = ProcStat.startTime(r.monitorPid);
                r.pidStartTime = ProcStat.startTime(r.pid);
                r.state = ContainerRecord.State.RUNNING;
                r.startedAt = f.length > 3 ? Long.parseLong(f[3]) : SandboxManager.nowNanos();
                if (r.pidStartTime < 0) {
                    // it ended already; the monitor's start time still identifies the exit file's writer
                    r.pidStartTime = 0;
                }
                persist(r);
                return;
            }
            String message = reply.startsWith("error ") ? reply.substring(6) : reply;
            r.state = ContainerRecord.State.EXITED;
            r.exitCode = 128;
            r.reason = "StartError";
            r.message = message;
            r.finishedAt = SandboxManager.nowNanos();
            persist(r);
            throw RuntimeFailure.precondition("container " + r.name + " (" + id + ") could not start: " + message
                    + "; check its command, args, workingDir and user against the image");
        }
    }

    private static String readOverlay(Path dir) {
        try {
            return Files.readString(dir.resolve(OVERLAY));
        } catch (IOException e) {
            throw RuntimeFailure.internal("read the root filesystem layers of container " + dir.getFileName(), e);
        }
    }

    private ShimSpec processSpec(ShimSpec spec, ContainerRecord r) {
        spec.putAll("arg", r.argv).putAll("env", r.env).put("cwd", r.cwd)
                .put("uid", r.uid).put("gid", r.gid).putAll("group", r.groups)
                .put("caps", Long.toHexString(r.capabilities)).flag("no_new_privs", r.noNewPrivs);
        return spec;
    }

    /**
     * Sends the image's stop signal (SIGTERM by default), waits up to timeoutSeconds, then SIGKILL
     * (a PID-namespace init without a handler ignores SIGTERM); returns once the exit is recorded.
     */
    public void stop(String id, long timeoutSeconds) {
        ContainerRecord r = require(id);
        int pid;
        long start;
        int signal;
        synchronized (r) {
            refresh(r);
            if (r.state != ContainerRecord.State.RUNNING) {
                return;
            }
            pid = r.pid;
            start = r.pidStartTime;
            signal = r.stopSignal;
        }
        try {
            int fd = Syscalls.pidfdOpen(pid);
            try {
                if (fd >= 0 && ProcStat.startTime(pid) == start) {
                    boolean gone = false;
                    if (timeoutSeconds > 0 && Syscalls.pidfdSignal(fd, signal)) {
                        gone = Syscalls.awaitReadable(fd, TimeUnit.SECONDS.toMillis(timeoutSeconds));
                    }
                    if (!gone && Syscalls.pidfdSignal(fd, Syscalls.SIGKILL) && !Syscalls.awaitReadable(fd, KILL_WAIT_MILLIS)) {
                        throw RuntimeFailure.internal("stop container " + r.name, new IOException(
                                "pid " + pid + " did not end " + KILL_WAIT_MILLIS + " ms after SIGKILL"));
                    }
                }
            } finally {
                Syscalls.close(fd);
            }
            awaitMonitor(r, KILL_WAIT_MILLIS);
        } catch (IOException e) {
            throw RuntimeFailure.internal("stop container " + r.name + " (" + id + ")", e);
        }
        synchronized (r) {
            refresh(r);
        }
    }

    /** Waits until the container's monitor has ended (and so has written the exit file), up to millis. */
    private static boolean awaitMonitor(ContainerRecord r, long millis) throws IOException {
        int fd = Syscalls.pidfdOpen(r.monitorPid);
        try {
            if (fd < 0 || ProcStat.startTime(r.monitorPid) != r.monitorStartTime) {
                return true;
            }
            return Syscalls.awaitReadable(fd, millis);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Blocks until the container has exited or the timeout passed; returns its status then. */
    public ContainerStatus waitForExit(String id, Duration timeout) {
        ContainerRecord r = require(id);
        try {
            awaitMonitor(r, timeout.toMillis());
        } catch (IOException e) {
            throw RuntimeFailure.internal("wait for container " + id, e);
        }
        return status(id);
    }

    /** Kills the container if it runs, then removes its root filesystem layer, cgroup, log and state; unknown ids are fine. */
    public void remove(String id) {
        ContainerRecord r = containers.get(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            refresh(r);
            if (r.state == ContainerRecord.State.RUNNING) {
                stop(id, 0);
            }
            try {
                cleanUpChecked(id, r.cgroupPath, r.logPath);
            } catch (IOException e) {
                throw RuntimeFailure.internal("remove container " + r.name + " (" + id + ")", e);
            }
            containers.remove(id);
        }
    }

    private void cleanUp(String id, String cgroupPath, String logPath) {
        try {
            cleanUpChecked(id, cgroupPath, logPath);
        } catch (IOException | RuntimeException ignored) {
            // best effort on a failed create; recovery retries
        }
    }

    private void cleanUpChecked(String id, String cgroupPath, String logPath) throws IOException {
        Path dir = config.containersDir().resolve(id);
        // Nothing is mounted here by this version (the root is mounted in the container's own
        // namespace); this unmounts what an older runtime or a crash may have left. Reading the
        // mount table costs time in proportion to the node's pods (three namespace mounts each),
        // so it is read only when the container's root is a mount point.
        List<Path> mounts = mountedRoot(dir) ? Mounts.under(dir) : List.of();
        for (Path mount : mounts) {
            Syscalls.umount(mount.toString(), Syscalls.MNT_DETACH);
        }
        if (!mounts.isEmpty() && !Mounts.under(dir).isEmpty()) {
            throw new IOException("mounts remain under " + dir + " after unmounting; not deleting it");
        }
        if (cgroupPath != null) {
            cgroups.remove(cgroupPath);
        }
        if (logPath != null && !Path.of(logPath).startsWith(dir)) {
            Path log = Path.of(logPath);
            Files.deleteIfExists(log);
            for (int i = 1; i <= Math.max(1, config.logMaxFiles()); i++) {
                Files.deleteIfExists(log.resolveSibling(log.getFileName() + "." + i));
            }
        }
        StateFiles.deleteTree(runDir(id));
        if (!Files.exists(dir)) {
            return;
        }
        // A rename takes the container out of sight at once; deleting its files (the writable
        // layer can be large, and a busy disk makes even a small one take tens of ms) happens on
        // the deleter thread, and at the next start for anything a crash left there.
        Files.createDirectories(removedDir());
        Path aside = removedDir().resolve(id);
        Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            deleter.execute(() -> {
                try {
                    StateFiles.deleteTree(aside);
                } catch (IOException e) {
                    System.err.println("jctl runtime: cannot delete " + aside + " (it is deleted at the next start): " + e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            StateFiles.deleteTree(aside); // closed: delete here
        }
    }

    /** Whether something is mounted on the container's rootfs (its device differs from its directory's). */
    private static boolean mountedRoot(Path dir) {
        Path rootfs = dir.resolve("rootfs");
        try {
            return !Files.getAttribute(rootfs, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    .equals(Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: look at the mount table
        }
    }

    public void stopAll(String sandboxId, long timeoutSeconds) {
        for (ContainerRecord r : inSandbox(sandboxId)) {
            stop(r.id, timeoutSeconds);
        }
    }

    public void removeAll(String sandboxId) {
        for (ContainerRecord r : inSandbox(sandboxId)) {
            remove(r.id);
        }
    }

    private List<ContainerRecord> inSandbox(String sandboxId) {
        return containers.values().stream().filter(r -> r.sandboxId.equals(sandboxId)).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // status

    ContainerRecord require(String id) {
        ContainerRecord r = containers.get(id);
        if (r == null) {
            throw RuntimeFailure.notFound("container " + id + " not found; list containers with ListContainers");
        }
        return r;
    }

    public Optional<ContainerRecord> find(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    /** Brings a RUNNING record up to date: the exit file, or a monitor that ended without one. */
    private void refresh(ContainerRecord r) {
        if (r.state != ContainerRecord.State.RUNNING) {
            return;
        }
        try {
            if (ProcStat.alive(r.monitorPid, r.monitorStartTime)) {
                return;
            }
            Map<String, String> exit = StateFiles.readKeyValues(runDir(r.id).resolve("exit"));
            r.state = ContainerRecord.State.EXITED;
            if (exit.containsKey("exit_code")) {
                r.exitCode = Integer.parseInt(exit.get("exit_code"));
                r.finishedAt = Long.parseLong(exit.getOrDefault("finished_at", "0"));
                if (cgroups.oomKills(r.cgroupPath) > 0) {
                    r.reason = "OOMKilled";
                    r.message = "the memory limit was reached and the kernel killed a process";
                } else {
                    r.reason = r.exitCode == 0 ? "Completed" : "Error";
                }
            } else {
                if (ProcStat.alive(r.pid, r.pidStartTime)) {
                    Syscalls.kill(r.pid, Syscalls.SIGKILL); // orphaned by its monitor; its exit code is lost anyway
                }
                r.exitCode = 255;
                r.finishedAt = SandboxManager.nowNanos();
                r.reason = "Unknown";
                r.message = "the container's monitor (jctl-shim) ended without recording an exit code";
            }
            persist(r);
        } catch (IOException | RuntimeException e) {
            r.state = ContainerRecord.State.RUNNING; // try again on the next look
        }
    }

    private void persist(ContainerRecord r) {
        try {
            StateFiles.writeJson(runDir(r.id).resolve(STATE), r);
        } catch (IOException e) {
            throw RuntimeFailure.internal("persist container " + r.id, e);
        }
    }

    public ContainerStatus status(String id) {
        ContainerRecord r = require(id);
        synchronized (r) {
            refresh(r);
            ContainerStatus.Builder b = ContainerStatus.newBuilder()
                    .setId(r.id)
                    .setMetadata(ContainerMetadata.newBuilder().setName(r.name).setAttempt(r.attempt))
                    .setState(state(r.state))
                    .setCreatedAt(r.createdAt)
                    .setStartedAt(r.startedAt)
                    .setFinishedAt(r.finishedAt)
                    .setExitCode(r.exitCode)
                    .setImage(ImageSpec.newBuilder().setImage(r.image))
                    .setImageRef(r.imageRef)
                    .setReason(r.reason)
                    .setMessage(r.message)
                    .putAllLabels(r.labels)
                    .putAllAnnotations(r.annotations)
                    .setLogPath(r.logPath)
                    .setPid(r.state == ContainerRecord.State.RUNNING ? r.pid : 0);
            for (ContainerRecord.BindMount m : r.mounts) {
                b.addMounts(Mount.newBuilder().setContainerPath(m.containerPath()).setHostPath(m.hostPath()).setReadonly(m.readonly()));
            }
            return b.build();
        }
    }

    private static ContainerState state(ContainerRecord.State s) {
        return switch (s) {
            case CREATED -> ContainerState.CONTAINER_CREATED;
            case RUNNING -> ContainerState.CONTAINER_RUNNING;
            case EXITED -> ContainerState.CONTAINER_EXITED;
        };
    }

    public List<Container> list(ContainerFilter filter) {
        List<Container> out = new ArrayList<>();
        for (ContainerRecord r : containers.values()) {
            // Filter before locking and refreshing: a refresh reads /proc, and the agent asks for
            // one pod's containers on every sync, which must neither look at every container nor
            // wait for the lock of another pod's container while its shim starts (tens of ms; a
            // burst of pods would otherwise list one after another). id, sandbox and labels never
            // change once the record is published.
            if (filter != null) {
                if (!filter.getId().isEmpty() && !r.id.startsWith(filter.getId())) {
                    continue;
                }
                if (!filter.getPodSandboxId().isEmpty() && !r.sandboxId.equals(filter.getPodSandboxId())) {
                    continue;
                }
                if (!r.labels.entrySet().containsAll(filter.getLabelSelectorMap().entrySet())) {
                    continue;
                }
            }
            synchronized (r) {
                refresh(r);
                if (filter != null && filter.hasState() && filter.getState() != state(r.state)) {
                    continue;
                }
                out.add(Container.newBuilder().setId(r.id).setPodSandboxId(r.sandboxId)
                        .setMetadata(ContainerMetadata.newBuilder().setName(r.name).setAttempt(r.attempt))
                        .setImage(ImageSpec.newBuilder().setImage(r.image)).setImageRef(r.imageRef)
                        .setState(state(r.state)).setCreatedAt(r.createdAt)
                        .putAllLabels(r.labels).putAllAnnotations(r.annotations).build());
            }
        }
        out.sort((a, b) -> Long.compare(a.getCreatedAt(), b.getCreatedAt()));
        return out;
    }

    public ContainerStats stats(String id) {
        ContainerRecord r = require(id);
        CgroupStats s;
        try {
            s = cgroups.stats(r.cgroupPath);
        } catch (IOException e) {
            throw RuntimeFailure.internal("stats of container " + id, e);
        }
        return ContainerStats.newBuilder()
                .setContainerId(id)
                .setTimestamp(SandboxManager.nowNanos())
                .setCpuUsageNanoCoresTotal(s.cpuUsageNanos())
                .setMemoryUsageBytes(s.memoryUsageBytes())
                .setMemoryWorkingSetBytes(s.memoryWorkingSetBytes())
                .setMemoryLimitBytes(s.memoryLimitBytes())
                .setPidsCurrent(s.pidsCurrent())
                .setWritableLayerBytes(directorySize(config.containersDir().resolve(id).resolve("upper")))
                .build();
    }

    public List<ContainerStats> listStats(String sandboxId) {
        List<ContainerStats> out = new ArrayList<>();
        for (ContainerRecord r : containers.values()) {
            if ((sandboxId == null || sandboxId.isEmpty() || r.sandboxId.equals(sandboxId)) && cgroups.exists(r.cgroupPath)) {
                out.add(stats(r.id));
            }
        }
        return out;
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public boolean inUse(String imageId) {
        return containers.values().stream().anyMatch(r -> imageId.equals(r.imageRef));
    }

    // ---------------------------------------------------------------------------------------------
    // exec and logs

    /** Starts cmd inside the running container, in all its namespaces and its cgroup, as the container's user. */
    public ExecProcess exec(String id, List<String> cmd, boolean tty) {
        ContainerRecord r = require(id);
        if (cmd.isEmpty()) {
            throw RuntimeFailure.invalid("exec in container " + r.name + ": cmd is empty; give the command to run");
        }
        int pid;
        synchronized (r) {
            refresh(r);
            if (r.state != ContainerRecord.State.RUNNING) {
                throw RuntimeFailure.precondition("container " + r.name + " (" + id + ") is not running (" + r.state
                        + "); exec needs a running container");
            }
            pid = r.pid;
        }
        Path specFile = runDir(id).resolve("exec-" + StateFiles.newId().substring(0, 16) + ".spec");
        ShimSpec execSpec = new ShimSpec().put("pid", pid).putAll("cgroup", cgroups.procsFiles(r.cgroupPath)).flag("tty", tty)
                .putAll("arg", cmd).putAll("env", r.env).put("cwd", r.cwd).put("uid", r.uid).put("gid", r.gid)
                .putAll("group", r.groups).put("caps", Long.toHexString(r.capabilities)).flag("no_new_privs", r.noNewPrivs);
        try {
            Files.createDirectories(specFile.getParent());
            execSpec.writeTo(specFile);
            Process p = new ProcessBuilder(config.shim().toString(), "exec", specFile.toString()).start();
            return new ExecProcess(p, specFile);
        } catch (IOException e) {
            throw RuntimeFailure.internal("exec in container " + r.name, e);
        }
    }

    /** Runs cmd to completion; a timeout of zero waits forever. */
    public ExecSyncResponse execSync(String id, List<String> cmd, Duration timeout) {
        try (ExecProcess p = exec(id, cmd, false)) {
            p.stdin().close();
            CompletableFuture<byte[]> out = readAsync(p.stdout());
            CompletableFuture<byte[]> err = readAsync(p.stderr());
            boolean done;
            if (timeout.isZero()) {
                p.waitFor();
                done = true;
            } else {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!done) {
                p.close();
                throw new RuntimeFailure(RuntimeFailure.Kind.DEADLINE_EXCEEDED, "command " + cmd + " in container "
                        + id + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            return ExecSyncResponse.newBuilder().setStdout(ByteString.copyFrom(out.get()))
                    .setStderr(ByteString.copyFrom(err.get())).setExitCode(p.exitCode()).build();
        } catch (IOException | ExecutionException e) {
            throw RuntimeFailure.internal("exec in container " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RuntimeFailure.internal("exec in container " + id, e);
        }
    }

    private static CompletableFuture<byte[]> readAsync(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(in.readAllBytes());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "exec-output");
        t.setDaemon(true);
        t.start();
        return f;
    }

    public Path logPath(String id) {
        return Path.of(require(id).logPath);
    }

    /**
     * Sends the container's log lines (rotated file first) to sink: the last tailLines (0: all) at or
     * after sinceNanos (0: all); with follow, keeps sending new lines until the container has ended
     * or cancelled says so.
     */
    public void logs(String id, long tailLines, long sinceNanos, boolean follow, Consumer<LogChunk> sink, BooleanSupplier cancelled) {
        ContainerRecord r = require(id);
        Path log = Path.of(r.logPath);
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            List<LogChunk> lines = CriLog.readAll(log, config.logMaxFiles());
            if (follow && Files.exists(log)) {
                // what readAll saw of the current file ends at its last newline
                byte[] current = Files.readAllBytes(log);
                offset = CriLog.lines(current, c -> { });
            }
            Stream<LogChunk> s = lines.stream().filter(c -> c.getTimeUnixNanos() >= sinceNanos);
            List<LogChunk> selected = s.toList();
            if (tailLines > 0 && selected.size() > tailLines) {
                selected = selected.subList((int) (selected.size() - tailLines), selected.size());
            }
            selected.forEach(sink);
            if (follow) {
                CriLog.follow(log, offset, c -> {
                    if (c.getTimeUnixNanos() >= sinceNanos) {
                        sink.accept(c);
                    }
                }, () -> {
                    synchronized (r) {
                        refresh(r);
                        return r.state == ContainerRecord.State.RUNNING;
                    }
                }, cancelled);
            }
        } catch (IOException e) {
            throw RuntimeFailure.internal("logs of container " + id, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // recovery

    /** Moves state files runtimes before this one kept beside the layer dirs to the run directory, so that an upgrade re-adopts those containers. */
    private void migrateLegacyState() throws IOException {
        try (Stream<Path> dirs = Files.list(config.containersDir())) {
            for (Path dir : dirs.toList()) {
                Path legacy = dir.resolve(STATE);
                Path target = runDir(dir.getFileName().toString()).resolve(STATE);
                if (Files.exists(legacy) && !Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(legacy, target);
                }
                Files.deleteIfExists(legacy);
            }
        }
    }

    private void recover() throws IOException {
        Path runContainers = config.runDir().resolve("containers");
        Files.createDirectories(runContainers);
        migrateLegacyState();
        try (Stream<Path> dirs = Files.list(runContainers)) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                Path state = dir.resolve(STATE);
                ContainerRecord r = Files.exists(state) ? StateFiles.readJson(state, ContainerRecord.class) : null;
                if (r == null || sandboxes.find(r.sandboxId).isEmpty()) {
                    if (r != null && ProcStat.alive(r.pid, r.pidStartTime)) {
                        Syscalls.kill(r.pid, Syscalls.SIGKILL);
                    }
                    cleanUp(id, r == null ? null : r.cgroupPath, r == null ? null : r.logPath);
                    continue;
                }
                containers.put(id, r);
                synchronized (r) {
                    refresh(r);
                }
            }
        }
        // writable layers of containers without state: half made, or their state went (a reboot empties /run)
        try (Stream<Path> dirs = Files.list(config.containersDir())) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                if (!containers.containsKey(id)) {
                    cleanUp(id, null, null);
                }
            }
        }
        for (Path mount : Mounts.under(config.containersDir())) {
            Path rel = config.containersDir().relativize(mount);
            if (rel.getNameCount() > 0 && !containers.containsKey(rel.getName(0).toString())) {
                Syscalls.umount(mount.toString(), Syscalls.MNT_DETACH);
            }
        }
        for (String sandboxId : sandboxes.ids()) {
            for (String child : cgroups.children(sandboxes.cgroupPath(sandboxId))) {
                if (!containers.containsKey(child)) {
                    cgroups.remove(sandboxes.cgroupPath(sandboxId) + "/" + child);
                }
            }
        }
    }
}
