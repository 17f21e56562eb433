package io.jctl.dist.up;

import io.jctl.runtime.sys.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code jctld down}: stops a local cluster and removes every container, mount, network namespace,
 * link, iptables chain and cgroup it made. Processes are found by their pid files only. The data
 * directory stays, so that {@code up} resumes the cluster; {@code --purge} deletes it.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local cluster started by `jctld up` and remove its containers, network namespaces, "
                + "links, iptables chains, cgroups and mounts. The data directory stays (`jctld up` resumes) unless --purge.")
public final class DownCommand implements java.util.concurrent.Callable<Integer> {
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The cluster's data directory (default: /var/lib/jctl as root, else ~/.jctl/cluster).")
    Path dataDir;

    @Option(names = "--purge", description = "Also delete the data directory: the store, images, logs and certificates.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        ClusterLayout layout = new ClusterLayout(dataDir != null ? dataDir : UpCommand.defaultDataDir());
        PrintStream out = System.out;
        var planned = ClusterPlan.read(layout.planFile());
        if (planned.isEmpty()) {
            out.println("no jctl cluster is up in " + layout.dataDir());
        } else {
            down(layout, planned.get(), out);
        }
        if (purge && Files.isDirectory(layout.dataDir())) {
            if (!Files.isDirectory(layout.serverDir()) && !Files.isDirectory(layout.logsDir())) {
                throw new IllegalArgumentException(layout.dataDir() + " does not look like a cluster's data directory "
                        + "(no server/ or logs/); not deleting it");
            }
            deleteTree(layout.dataDir());
            out.println("deleted " + layout.dataDir());
        } else if (planned.isPresent()) {
            out.println("data kept in " + layout.dataDir() + " (`jctld up` resumes; `jctld down --purge` deletes it)");
        }
        return 0;
    }

    static void down(ClusterLayout layout, ClusterPlan plan, PrintStream out) throws IOException, InterruptedException {
        if (!plan.nodes().isEmpty() && !Prerequisites.isRoot()) {
            throw new IllegalArgumentException("this cluster has real nodes; removing their containers needs root");
        }
        int stopped = 0;
        List<Daemon> agents = new ArrayList<>();
        plan.nodes().forEach(n -> agents.add(new Daemon(n.agentProcess(), layout)));
        if (plan.hollowNodes() > 0) {
            agents.add(new Daemon(ClusterPlan.HOLLOW, layout));
        }
        // Agents first (they must not restart the containers removed next); the server, needed by no step below, with them.
        agents.add(new Daemon(ClusterPlan.SERVER, layout));
        stopped += stopAll(agents);
        int pods = 0;
        List<Daemon> runtimes = new ArrayList<>();
        for (NodePlan node : plan.nodes()) {
            runtimes.add(new Daemon(node.runtimeProcess(), layout));
        }
        if (runtimes.stream().anyMatch(r -> r.running().isEmpty())) {
            // A runtime that died still owns containers: start it again to remove them through it.
            NodeNetworks.setUp(plan);
            DaemonCommands commands = new DaemonCommands(layout, plan, DaemonCommands.defaultJavaOptions(), List.of(), List.of());
            for (NodePlan node : plan.nodes()) {
                Daemon r = new Daemon(node.runtimeProcess(), layout);
                if (r.running().isEmpty() && Files.isDirectory(Path.of(node.runtimeRoot()))) {
                    RunDirectory.prepare(Path.of(node.runDir()));
                    Files.deleteIfExists(node.socket());
                    r.start(commands.runtime(node));
                }
            }
        }
        for (NodePlan node : plan.nodes()) {
            Daemon r = new Daemon(node.runtimeProcess(), layout);
            if (r.running().isPresent() && awaitSocket(node, r)) {
                pods += NodeCleanup.removePods(node.socket());
            }
        }
        stopped += stopAll(runtimes);
        List<String> unmounted = new ArrayList<>();
        for (NodePlan node : plan.nodes()) {
            if (node.inHostNetwork()) {
                NodeCleanup.removeHostNetwork(node, plan.clusterCidr());
            }
            NodeCleanup.removeCgroups(node);
            unmounted.addAll(NodeCleanup.unmountLeftovers(node));
            deleteTree(Path.of(node.runDir()));
        }
        if (!plan.nodes().isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(plan.nodes().get(0).runDir()).getParent()); // up's --run-dir, when empty
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // someone else's files: leave them
            }
        }
        NodeNetworks.tearDown(plan);
        for (String p : plan.processes()) {
            Files.deleteIfExists(layout.pidFile(p));
        }
        Files.deleteIfExists(layout.planFile());
        out.println("jctl cluster in " + layout.dataDir() + " is down: " + stopped + " process(es) stopped, " + pods
                + " pod(s) removed" + (unmounted.isEmpty() ? "" : ", " + unmounted.size() + " leftover mount(s) unmounted"));
    }

    /** SIGTERM to all, then waits for each (SIGKILL after the grace period); returns how many ran. */
    private static int stopAll(List<Daemon> daemons) throws InterruptedException, IOException {
        List<ProcessHandle> signalled = new ArrayList<>();
        for (Daemon d : daemons) {
            d.running().ifPresent(p -> {
                p.destroy();
                signalled.add(p);
            });
        }
        // Wait on the handles taken before the signal: an exiting process soon loses the command line that marks it.
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : signalled) {
            if (!Daemon.awaitExit(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                p.destroyForcibly();
                Daemon.awaitExit(p, Duration.ofSeconds(10));
            }
        }
        for (Daemon d : daemons) {
            Files.deleteIfExists(d.pidFile());
        }
        return signalled.size();
    }

    private static boolean awaitSocket(NodePlan node, Daemon runtime) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!Files.exists(node.socket())) {
            if (runtime.running().isEmpty() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
