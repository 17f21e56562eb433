package io.jctl.agent.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure a container runtime listens on the agent's socket: when the socket is absent it
 * either starts {@code jctld runtime} as a process of its own (like a kubelet whose containerd is
 * not up yet) or waits for whoever starts it ({@code jctld up} starts the runtime itself).
 *
 * <p>The runtime is started in a session of its own and outlives the agent: containers belong to
 * the runtime, and an agent restart must not take them down (kubelet and containerd are separate
 * services for the same reason).
 */
public final class RuntimeLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLauncher.class);
    /** The launcher's main class; the runtime is its {@code runtime} subcommand. */
    static final String MAIN_CLASS = System.getProperty("jctl.main-class", "io.jctl.dist.Jctld");
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private RuntimeLauncher() {
    }

    /**
     * Returns once {@code socket} exists. If it does not and {@code launch} is set, starts the
     * runtime with its state under {@code runtimeRoot}, its namespace files beside the socket,
     * {@code extraArgs} added to its flags and its output in {@code runtimeRoot/runtime.log};
     * otherwise waits for someone else to.
     *
     * @throws IOException when the socket does not appear within {@code timeout}, or the runtime we started exited
     */
    public static void ensure(Path socket, boolean launch, Path runtimeRoot, String podCidr, List<String> extraArgs,
            Duration timeout)
            throws IOException, InterruptedException {
        if (Files.exists(socket)) {
            return;
        }
        Process process = null;
        if (launch) {
            Files.createDirectories(runtimeRoot);
            Path log = runtimeRoot.resolve("runtime.log");
            List<String> command = command(socket, runtimeRoot, podCidr, extraArgs);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            LOG.info("no container runtime at {}: started one (pid {}, log {})", socket, process.pid(), log);
        } else {
            LOG.info("waiting for the container runtime at {}", socket);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(socket)) {
            if (process != null && !process.isAlive()) {
                throw new IOException("the container runtime started for " + socket + " exited with code "
                        + process.exitValue() + "; see " + runtimeRoot.resolve("runtime.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no container runtime at " + socket + " after " + timeout.toSeconds() + " s"
                        + (process != null ? "; see " + runtimeRoot.resolve("runtime.log") : ""));
            }
            Thread.sleep(20);
        }
    }

    /** {@code [setsid] java -cp <ours> <main> runtime …}: the same build, in a session of its own. */
    static List<String> command(Path socket, Path runtimeRoot, String podCidr, List<String> extraArgs) {
        List<String> c = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            c.add("/usr/bin/setsid"); // not a group leader, so setsid execs in place: the pid stays the runtime's
        }
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xms16m");
        c.add("-Xmx512m");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(MAIN_CLASS);
        c.add("runtime");
        c.add("--socket=" + socket);
        c.add("--run-dir=" + socket.toAbsolutePath().getParent());
        c.add("--root=" + runtimeRoot);
        c.add("--pod-cidr=" + podCidr);
        if (Files.isExecutable(BUSYBOX)) {
            c.add("--busybox-image");
        }
        c.addAll(extraArgs);
        return c;
    }
}
