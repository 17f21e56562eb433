package io.jctl.runtime.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerMetadata;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.PodSandboxMetadata;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.container.ContainerManager;
import io.jctl.runtime.container.LoopbackOnlyNetwork;
import io.jctl.runtime.container.RuntimeConfig;
import io.jctl.runtime.container.SandboxManager;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.sys.Syscalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jctld bench-runtime}: sequential create+start+wait+remove of {@code /bin/true} from a busybox
 * root filesystem, with jctl's runtime and, side by side on the same rootfs as an OCI bundle, crun
 * (behind the hybrid-cgroup wrapper this machine kind needs), that wrapper alone, and runc; then pod
 * sandbox setup (namespaces + pod network). Prints median and p90 in milliseconds.
 */
@Command(name = "bench-runtime", mixinStandardHelpOptions = true,
        description = "Time container start (create+start+wait+remove of /bin/true) against crun and runc; needs root.")
public final class RuntimeBench implements Callable<Integer> {
    @Option(names = "--iterations", defaultValue = "100", description = "Containers per runtime (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--sandboxes", defaultValue = "50", description = "Pod sandboxes to time (default ${DEFAULT-VALUE}).")
    int sandboxCount;

    @Option(names = "--work-dir", description = "Scratch directory (default: a new temporary one, removed afterwards).")
    Path workDir;

    @Option(names = "--no-oci", description = "Skip crun and runc.")
    boolean noOci;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("bench-runtime needs root (namespaces, mounts, cgroups)");
            return 1;
        }
        if (!BusyboxRootfs.available()) {
            System.err.println("bench-runtime needs /bin/busybox (Debian: busybox-static)");
            return 1;
        }
        boolean ownDir = workDir == null;
        Path dir = ownDir ? Files.createTempDirectory("jctl-bench-runtime") : Files.createDirectories(workDir);
        try {
            Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%-44s %8s %8s %8s", "create+start+wait+remove /bin/true", "median", "p90", "runs"));
            Stats jctl = benchJctl(dir, rootfs, lines);
            if (!noOci) {
                Path bundle = ociBundle(dir, rootfs);
                String unified = Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) ? "umount /sys/fs/cgroup/unified && " : "";
                Stats wrapper = benchCommand("wrapper alone (unshare -m sh -c umount…)", lines,
                        i -> List.of("unshare", "-m", "sh", "-c", unified + "exec /bin/true"));
                Stats crun = benchCommand("crun (wrapped)", lines,
                        i -> List.of("unshare", "-m", "sh", "-c", unified + "exec crun run -b " + bundle + " jctl-bench-crun-" + i));
                benchCommand("runc", lines, i -> List.of("runc", "run", "-b", bundle.toString(), "jctl-bench-runc-" + i));
                lines.add(String.format(Locale.ROOT, "jctl median %.1f ms vs crun %.1f ms wrapped (%.1f ms without the wrapper's %.1f ms)",
                        jctl.median(), crun.median(), crun.median() - wrapper.median(), wrapper.median()));
            }
            lines.forEach(System.out::println);
            return 0;
        } finally {
            if (ownDir) {
                for (Path m : Mounts.under(dir)) {
                    Syscalls.umount(m.toString(), Syscalls.MNT_DETACH);
                }
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private Stats benchJctl(Path dir, Path rootfs, List<String> lines) throws IOException {
        RuntimeConfig config = RuntimeConfig.of(dir.resolve("jctl"), dir.resolve("run"))
                .withCgroupParent("jctl-bench-" + ProcessHandle.current().pid());
        Cgroups cgroups = Cgroups.detect();
        SandboxManager sandboxes = new SandboxManager(config, cgroups, new LoopbackOnlyNetwork());
        ContainerManager containers = new ContainerManager(config, sandboxes, BusyboxRootfs.lookup(rootfs));
        try {
            List<Double> sandboxTimes = new ArrayList<>();
            List<Double> sandboxRemoveTimes = new ArrayList<>();
            for (int i = 0; i < sandboxCount; i++) {
                long t0 = System.nanoTime();
                String id = sandboxes.run(pod("bench-" + i));
                long t1 = System.nanoTime();
                sandboxes.remove(id);
                sandboxTimes.add((t1 - t0) / 1e6);
                sandboxRemoveTimes.add((System.nanoTime() - t1) / 1e6);
            }
            String pod = sandboxes.run(pod("bench"));
            ContainerConfig c = ContainerConfig.newBuilder()
                    .setMetadata(ContainerMetadata.newBuilder().setName("true"))
                    .setImage(ImageSpec.newBuilder().setImage(BusyboxRootfs.REFERENCE))
                    .addCommand("/bin/true").build();
            List<Double> times = new ArrayList<>();
            double[] phases = new double[4];
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                String id = containers.create(pod, c.toBuilder().setMetadata(ContainerMetadata.newBuilder().setName("true").setAttempt(i)).build());
                long t1 = System.nanoTime();
                containers.start(id);
                long t2 = System.nanoTime();
                if (containers.waitForExit(id, Duration.ofSeconds(30)).getState() != ContainerState.CONTAINER_EXITED) {
                    throw new IOException("container " + id + " did not exit");
                }
                long t3 = System.nanoTime();
                containers.remove(id);
                long t4 = System.nanoTime();
                times.add((t4 - t0) / 1e6);
                phases[0] += (t1 - t0) / 1e6;
                phases[1] += (t2 - t1) / 1e6;
                phases[2] += (t3 - t2) / 1e6;
                phases[3] += (t4 - t3) / 1e6;
            }
            containers.removeAll(pod);
            sandboxes.remove(pod);
            Stats s = Stats.of(times);
            lines.add(row("jctl (jctl-shim)", s));
            lines.add(String.format(Locale.ROOT, "  jctl phases, mean ms: create %.1f (cgroups, state), start %.1f "
                            + "(shim: overlayfs, namespaces, cgroup join, pivot_root, exec), wait %.1f, remove %.1f",
                    phases[0] / iterations, phases[1] / iterations, phases[2] / iterations, phases[3] / iterations));
            lines.add(row("pod sandbox run (net+ipc+uts ns, lo, /etc, cgroup)", Stats.of(sandboxTimes)));
            lines.add(row("pod sandbox remove", Stats.of(sandboxRemoveTimes)));
            return s;
        } finally {
            for (String id : sandboxes.ids()) {
                containers.removeAll(id);
                sandboxes.remove(id);
            }
            cgroups.remove(config.cgroupParent());
        }
    }

    private static PodSandboxConfig pod(String name) {
        return PodSandboxConfig.newBuilder().setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("bench")).build();
    }

    /** `runc spec`, then: run /bin/true without a terminal from the shared rootfs. */
    private static Path ociBundle(Path dir, Path rootfs) throws IOException, InterruptedException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Process spec = new ProcessBuilder("runc", "spec").directory(bundle.toFile()).inheritIO().start();
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed in " + bundle);
        }
        ObjectNode config = (ObjectNode) Json.mapper().readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        ArrayNode args = process.putArray("args");
        args.add("/bin/true");
        ObjectNode root = (ObjectNode) config.get("root");
        root.put("path", rootfs.toString());
        root.put("readonly", true);
        Files.write(bundle.resolve("config.json"), Json.mapper().writeValueAsBytes(config));
        return bundle;
    }

    interface CommandFor {
        List<String> command(int iteration);
    }

    private Stats benchCommand(String name, List<String> lines, CommandFor command) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command.command(i)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int code = p.waitFor();
            times.add((System.nanoTime() - t0) / 1e6);
            if (code != 0) {
                throw new IOException(name + " failed with exit code " + code + ": " + String.join(" ", command.command(i)));
            }
        }
        Stats s = Stats.of(times);
        lines.add(row(name, s));
        return s;
    }

    private static String row(String name, Stats s) {
        return String.format(Locale.ROOT, "%-44s %8.1f %8.1f %8d", name, s.median(), s.p90(), s.count());
    }

    record Stats(double median, double p90, int count) {
        static Stats of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            if (n == 0) {
                return new Stats(0, 0, 0);
            }
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Stats(median, sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1)), n);
        }
    }
}
