package io.jctl.dist.up;

import io.jctl.agent.node.MachineInfo;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.auth.AdminToken;
import io.jctl.apiserver.auth.ServerPki;
import io.jctl.runtime.sys.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code jctld up}: starts a local cluster in the background and returns once all its nodes are
 * Ready. Running it again while the cluster runs changes nothing; after a crash or a reboot it
 * starts what is missing with the data kept in the data directory.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a local cluster in the background: the server (api-server, controllers, scheduler), "
                + "and per node a container runtime and a node agent; node 1 in this machine's network, each further "
                + "node in a network namespace of its own, as a separate host would be. Returns when all nodes are Ready.",
                "Logs: DATA_DIR/logs/*.log; pid files: DATA_DIR/run/. Stop with `jctld down`."})
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Everything the cluster keeps (default: /var/lib/jctl as root, else ~/.jctl/cluster).")
    Path dataDir;

    @Option(names = "--agents", paramLabel = "N",
            description = "Real nodes, running containers (needs root; default: 1, or 0 with --hollow-nodes).")
    Integer agents;

    @Option(names = "--hollow-nodes", paramLabel = "N", defaultValue = "0",
            description = "In-memory nodes (kubemark/KWOK style) hosted by one agent process (default: ${DEFAULT-VALUE}).")
    int hollowNodes;

    @Option(names = "--etcd-endpoints", split = ",", paramLabel = "URL",
            description = "Store objects in this etcd cluster instead of the embedded store.")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--port", defaultValue = "6443", description = "The api-server's HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--cluster-name", defaultValue = "jctl", paramLabel = "NAME",
            description = "Prefix of the names this cluster gives bridges, network namespaces, cgroups and iptables chains; "
                    + "two clusters on one machine need different ones (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--cluster-cidr", defaultValue = "10.88.0.0/16", paramLabel = "CIDR",
            description = "Pod addresses; node i gets the (i-1)-th /24 (default: ${DEFAULT-VALUE}).")
    String clusterCidr;

    @Option(names = "--node-cidr", defaultValue = "10.87.0.0/24", paramLabel = "CIDR",
            description = "Addresses of the nodes in network namespaces; this machine takes the first (default: ${DEFAULT-VALUE}).")
    String nodeCidr;

    @Option(names = "--run-dir", defaultValue = "/run/jctl/up", paramLabel = "DIR",
            description = "The runtimes' sockets, state and namespace files; each node's directory gets a tmpfs of its own where this is on disk (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--metrics-port", defaultValue = "10255", paramLabel = "PORT",
            description = "Each real agent's /metrics port on its node address; the hollow agents' is the next one; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for the nodes, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--server-arg", paramLabel = "ARG", description = "An extra flag for `jctld server`, e.g. --server-arg=--pod-eviction-timeout=PT30S (repeatable).")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--agent-arg", paramLabel = "ARG", description = "An extra flag for every `jctld agent` (repeatable).")
    List<String> agentArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        ClusterLayout layout = new ClusterLayout(dataDir != null ? dataDir : defaultDataDir());
        PrintStream out = System.out;
        ClusterPlan wanted = ClusterPlanner.plan(layout, new ClusterPlanner.Options(clusterName, port, etcdEndpoints,
                clusterCidr, nodeCidr, runDir, agents != null ? agents : (hollowNodes > 0 ? 0 : 1), hollowNodes,
                metricsPort, MachineInfo.detect().hostname(), hostIp()));
        Optional<ClusterPlan> existing = ClusterPlan.read(layout.planFile());
        ClusterPlan plan = wanted;
        if (existing.isPresent()) {
            plan = existing.get();
            List<String> running = running(layout, plan);
            if (running.size() == plan.processes().size()) {
                out.println("jctl cluster already up in " + layout.dataDir() + ": " + plan.nodeNames().size() + " node(s) ("
                        + String.join(", ", plan.nodeNames()) + ")");
                if (!plan.equals(wanted)) {
                    out.println("  (as it was started; to start it with other flags, run `jctld down"
                            + dataDirFlag(layout) + "` first)");
                }
                printNext(out, layout, plan);
                return 0;
            }
            if (running.isEmpty() && !plan.equals(wanted)) {
                throw new IllegalArgumentException(layout.dataDir() + " holds a cluster started with other flags; repeat "
                        + "them, or run `jctld down" + dataDirFlag(layout) + "` first");
            }
            if (!running.isEmpty()) {
                out.println("jctl cluster in " + layout.dataDir() + " is partly up (" + String.join(", ", running)
                        + "); starting the rest as it was made");
            }
        }
        Prerequisites.check(plan);
        DaemonCommands commands = new DaemonCommands(layout, plan, DaemonCommands.defaultJavaOptions(), serverArgs, agentArgs);
        List<Daemon> started = start(layout, plan, commands);
        try (ApiClient api = new ApiClient(ClientConfig.builder("https://127.0.0.1:" + plan.port())
                .token(AdminToken.ensure(layout.serverDir())).caPem(Files.readAllBytes(layout.caCertificate()))
                .userAgent("jctld-up").build())) {
            List<Daemon> watched = new ArrayList<>();
            plan.processes().forEach(p -> watched.add(new Daemon(p, layout)));
            Set<String> restarted = new HashSet<>();
            for (NodePlan n : plan.nodes()) {
                if (started.stream().anyMatch(d -> d.process().equals(n.agentProcess()))) {
                    restarted.add(n.name());
                }
            }
            if (started.stream().anyMatch(d -> d.process().equals(ClusterPlan.HOLLOW))) {
                restarted.addAll(plan.hollowNodeNames());
            }
            NodeReadiness.await(api, plan.nodeNames(), restarted, start, watched, timeout);
        } catch (IOException e) {
            throw new IOException("up failed: " + e.getMessage() + "\n`jctld down" + dataDirFlag(layout)
                    + "` stops what was started.", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("jctl cluster up in %.1f s: %d node(s) Ready (%s)%n", seconds, plan.nodeNames().size(),
                String.join(", ", plan.nodeNames()));
        if (started.size() < plan.processes().size()) {
            out.println("  started: " + String.join(", ", started.stream().map(Daemon::process).toList()));
        }
        printNext(out, layout, plan);
        return 0;
    }

    /** Network first, then every process not already running: runtimes, server and agents together. */
    static List<Daemon> start(ClusterLayout layout, ClusterPlan plan, DaemonCommands commands) throws IOException {
        Files.createDirectories(layout.serverDir());
        plan.write(layout.planFile());
        Daemon server = new Daemon(ClusterPlan.SERVER, layout);
        boolean serverDown = server.running().isEmpty();
        if (serverDown) {
            // Made here rather than by the server, so that the agents can start with their CA and tokens at once.
            // Once the CA exists the server checks its own certificate; the agents need only the CA.
            if (!Files.exists(layout.caCertificate())) {
                ServerPki.ensure(layout.serverDir(), DaemonCommands.advertiseAddresses(plan));
            }
            AdminToken.ensure(layout.serverDir());
            NodeTokens.write(layout, plan, commands);
        }
        NodeNetworks.setUp(plan);
        List<Daemon> started = new ArrayList<>();
        for (NodePlan node : plan.nodes()) {
            Daemon runtime = new Daemon(node.runtimeProcess(), layout);
            if (runtime.running().isEmpty()) {
                RunDirectory.prepare(Path.of(node.runDir())); // `down` unmounts it
                Files.deleteIfExists(node.socket()); // a dead runtime's socket would hold up its agent
                runtime.start(commands.runtime(node));
                started.add(runtime);
            }
        }
        if (serverDown) {
            server.start(commands.server());
            started.add(server);
        }
        for (NodePlan node : plan.nodes()) {
            Daemon agent = new Daemon(node.agentProcess(), layout);
            if (agent.running().isEmpty()) {
                agent.start(commands.agent(node));
                started.add(agent);
            }
        }
        if (plan.hollowNodes() > 0) {
            Daemon hollow = new Daemon(ClusterPlan.HOLLOW, layout);
            if (hollow.running().isEmpty()) {
                hollow.start(commands.hollow());
                started.add(hollow);
            }
        }
        return started;
    }

    static List<String> running(ClusterLayout layout, ClusterPlan plan) {
        return plan.processes().stream().filter(p -> new Daemon(p, layout).running().isPresent()).toList();
    }

    private static void printNext(PrintStream out, ClusterLayout layout, ClusterPlan plan) {
        out.println("  kubeconfig  " + Path.of(System.getProperty("user.home"), ".jctl", "config")
                + " (bin/jctl and kubectl --kubeconfig read it)");
        out.println("  api-server  https://127.0.0.1:" + plan.port());
        out.println("  logs        " + layout.logsDir() + "/{" + String.join(",", plan.processes()) + "}.log");
        out.println("  stop        bin/jctld down" + dataDirFlag(layout));
        out.println("Try:");
        out.println("  bin/jctl get nodes -o wide");
        out.println("  bin/jctl apply -f manifests/deploy.yaml");
        out.println("  bin/jctl rollout status deploy/web");
        out.println("  bin/jctl get pods -o wide");
    }

    static String dataDirFlag(ClusterLayout layout) {
        return layout.dataDir().equals(defaultDataDir().toAbsolutePath().normalize()) ? "" : " --data-dir " + layout.dataDir();
    }

    /** /var/lib/jctl for root (beside `jctld server`'s default), ~/.jctl/cluster for anyone else. */
    static Path defaultDataDir() {
        return Prerequisites.isRoot() ? Path.of("/var/lib/jctl") : Path.of(System.getProperty("user.home"), ".jctl", "cluster");
    }

    /** The address this machine sends from towards the rest of the world (no packet is sent). */
    static String hostIp() {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(InetAddress.getByName("1.1.1.1"), 53);
            InetAddress local = s.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
                return local.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            // no route out: fall back
        }
        return MachineInfo.firstIPv4();
    }
}
