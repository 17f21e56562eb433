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

    @Option(names = "--warmup", defaultValue = "10", description = "Uncounted rounds first (default ${DEFAULT-VALUE}).")
    int warmup;

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
        RuntimeConfig config = RuntimeConfig.of(dir.resolve("jctl"), dir.resolve("run"))
                .withCgroupParent("jctl-bench-" + ProcessHandle.current().pid());
        Cgroups cgroups = Cgroups.detect();
        SandboxManager sandboxes = null;
        ContainerManager containers = null;
        try {
            Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
            sandboxes = new SandboxManager(config, cgroups, new LoopbackOnlyNetwork());
            containers = new ContainerManager(config, sandboxes, BusyboxRootfs.lookup(rootfs));
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%-52s %8s %8s %6s", "create+start+wait+remove /bin/true (ms)", "median", "p90", "runs"));

            // Every runtime runs once per round, in a rotating order, so that all see the same
            // machine load (other work on a shared machine moves medians more than anything here).
            List<String> names = new ArrayList<>(List.of("jctl (jctl-shim)"));
            List<CommandFor> commands = new ArrayList<>();
            commands.add(null);
            if (!noOci) {
                Path bundle = ociBundle(dir, rootfs);
                String unified = Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) ? "umount /sys/fs/cgroup/unified && " : "";
                names.add("wrapper alone (unshare -m sh -c 'umount …; exec true')");
                commands.add(i -> List.of("unshare", "-m", "sh", "-c", unified + "exec /bin/true"));
                names.add("crun (wrapped)");
                commands.add(i -> List.of("unshare", "-m", "sh", "-c", unified + "exec crun run -b " + bundle + " jctl-bench-crun-" + i));
                names.add("runc");
                commands.add(i -> List.of("runc", "run", "-b", bundle.toString(), "jctl-bench-runc-" + i));
            }
            String pod = sandboxes.run(pod("bench"));
            List<List<Double>> times = new ArrayList<>();
            names.forEach(n -> times.add(new ArrayList<>()));
            double[] phases = new double[4];
            for (int i = -warmup; i < iterations; i++) {
                for (int k = 0; k < names.size(); k++) {
                    int r = Math.floorMod(i + k, names.size());
                    double ms = commands.get(r) == null ? jctlOnce(containers, pod, i + warmup, i >= 0 ? phases : new double[4])
                            : commandOnce(names.get(r), commands.get(r).command(i + warmup));
                    if (i >= 0) {
                        times.get(r).add(ms);
                    }
                }
            }
            containers.removeAll(pod);
            sandboxes.remove(pod);
            for (int r = 0; r < names.size(); r++) {
                lines.add(row(names.get(r), Stats.of(times.get(r))));
                if (r == 0) {
                    lines.add(String.format(Locale.ROOT, "  jctl phases, mean ms: create %.1f (cgroups, state), start %.1f "
                                    + "(shim: overlayfs, namespaces, cgroup join, pivot_root, exec), wait %.1f, remove %.1f",
                            phases[0] / iterations, phases[1] / iterations, phases[2] / iterations, phases[3] / iterations));
                }
            }
            if (!noOci) {
                double jctl = Stats.of(times.get(0)).median();
                double wrapper = Stats.of(times.get(1)).median();
                double crun = Stats.of(times.get(2)).median();
                lines.add(String.format(Locale.ROOT, "jctl median %.1f ms vs crun %.1f ms wrapped (%.1f ms without the wrapper's %.1f ms)",
                        jctl, crun, crun - wrapper, wrapper));
            }
            benchSandboxes(sandboxes, lines);
            lines.forEach(System.out::println);
            return 0;
        } finally {
            if (sandboxes != null) {
                for (String id : sandboxes.ids()) {
                    if (containers != null) {
                        containers.removeAll(id);
                    }
                    sandboxes.remove(id);
                }
            }
            if (containers != null) {
                containers.close();
            }
            cgroups.remove(config.cgroupParent());
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

    private static double jctlOnce(ContainerManager containers, String pod, int attempt, double[] phases) throws IOException {
        ContainerConfig c = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("true").setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(BusyboxRootfs.REFERENCE))
                .addCommand("/bin/true").build();
        long t0 = System.nanoTime();
        String id = containers.create(pod, c);
        long t1 = System.nanoTime();
        containers.start(id);
        long t2 = System.nanoTime();
        if (containers.waitForExit(id, Duration.ofSeconds(30)).getState() != ContainerState.CONTAINER_EXITED) {
            throw new IOException("container " + id + " did not exit");
        }
        long t3 = System.nanoTime();
        containers.remove(id);
        long t4 = System.nanoTime();
        phases[0] += (t1 - t0) / 1e6;
        phases[1] += (t2 - t1) / 1e6;
        phases[2] += (t3 - t2) / 1e6;
        phases[3] += (t4 - t3) / 1e6;
        return (t4 - t0) / 1e6;
    }

    private void benchSandboxes(SandboxManager sandboxes, List<String> lines) {
        List<Double> run = new ArrayList<>();
        List<Double> remove = new ArrayList<>();
        for (int i = 0; i < sandboxCount; i++) {
            long t0 = System.nanoTime();
            String id = sandboxes.run(pod("bench-" + i));
            long t1 = System.nanoTime();
            sandboxes.remove(id);
            run.add((t1 - t0) / 1e6);
            remove.add((System.nanoTime() - t1) / 1e6);
        }
        lines.add(row("pod sandbox run (net+ipc+uts ns, PodNetwork, /etc, cgroup)", Stats.of(run)));
        lines.add(row("pod sandbox remove", Stats.of(remove)));
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

    private static double commandOnce(String name, List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IOException(name + " failed with exit code " + code + ": " + String.join(" ", command));
        }
        return ms;
    }

    private static String row(String name, Stats s) {
        return String.format(Locale.ROOT, "%-52s %8.1f %8.1f %6d", name, s.median(), s.p90(), s.count());
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
