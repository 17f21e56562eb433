package io.jctl.dist.up;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonCommandsTest {
    @TempDir
    Path dir;

    @Test
    void nodesInNamespacesAreEnteredByNetworkOnlyAndReachTheServerThroughTheGateway() throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterPlan plan = ClusterPlanner.plan(layout, new ClusterPlanner.Options("jt", 7443, List.of("http://e:2379"),
                "10.50.0.0/16", "10.51.0.0/24", dir.resolve("run"), 2, 1, 0, "h", "192.0.2.9"));
        DaemonCommands c = new DaemonCommands(layout, plan, List.of("-Xmx64m"), List.of("--pod-eviction-timeout=PT30S"),
                List.of("--max-pods=250"));

        List<String> server = c.server();
        assertThat(server).contains("-Xmx64m", "-Djctl.up=server@" + layout.dataDir(), "server",
                "--data-dir=" + layout.serverDir(), "--port=7443", "--advertise-address=127.0.0.1,10.51.0.1",
                "--token-auth-file=" + layout.tokensFile(), "--etcd-endpoints=http://e:2379", "--pod-eviction-timeout=PT30S");
        assertThat(server.get(0)).endsWith("/bin/java");
        String argFile = server.stream().filter(a -> a.startsWith("@")).findFirst().orElseThrow().substring(1);
        assertThat(Files.readString(Path.of(argFile))).startsWith("-cp \"").contains(System.getProperty("java.class.path"));

        NodePlan second = plan.nodes().get(1);
        List<String> runtime = c.runtime(second);
        assertThat(runtime.subList(0, 3)).containsExactly("nsenter", "--net=/run/netns/jt-node2", "--");
        assertThat(runtime).contains("runtime", "--pod-cidr=10.50.1.0/24", "--bridge=jt0", "--cgroup-parent=jt-node2",
                "--chain-prefix=JT", "--socket=" + second.socket(), "--busybox-image");

        List<String> agent = c.agent(second);
        assertThat(agent).contains("agent", "--server=https://10.51.0.1:7443", "--node-name=h-2", "--node-ip=10.51.0.2",
                "--no-launch-runtime", "--runtime-endpoint=unix://" + second.socket(),
                "--token-file=" + layout.nodeDir("h-2").resolve("token"),
                "--certificate-authority=" + layout.caCertificate(), "--max-pods=250");
        assertThat(c.agent(plan.nodes().get(0))).doesNotContain("nsenter").contains("--server=https://127.0.0.1:7443");

        assertThat(c.hollow()).contains("--hollow", "--hollow-nodes=1", "--node-name=hollow-0", "--pod-cidr=10.128.0.0/24", "--agent-port=-1");
    }

    @Test
    void aSingleNodeInTheHostNetworkAdvertisesTheHostsAddressForPods() {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterPlan plan = ClusterPlanner.plan(layout, new ClusterPlanner.Options("jt", 7443, List.of(),
                "10.50.0.0/16", "10.51.0.0/24", dir.resolve("run"), 1, 0, 0, "h", "192.0.2.9"));
        assertThat(DaemonCommands.advertiseAddresses(plan)).containsExactly("127.0.0.1", "192.0.2.9");
    }

    @Test
    void everyAgentGetsATokenOfItsOwnInTheServersTokenFile() throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterPlan plan = ClusterPlanner.plan(layout, new ClusterPlanner.Options("jt", 7443, List.of(),
                "10.50.0.0/16", "10.51.0.0/24", dir.resolve("run"), 2, 3, 0, "h", "192.0.2.9"));
        DaemonCommands c = new DaemonCommands(layout, plan, List.of(), List.of(), List.of());
        NodeTokens.write(layout, plan, c);
        String first = Files.readString(c.tokenFile("h")).strip();
        NodeTokens.write(layout, plan, c);
        assertThat(Files.readString(c.tokenFile("h")).strip()).as("kept across starts").isEqualTo(first);
        assertThat(Files.readString(layout.tokensFile()))
                .contains(first + ",system:node:h,system:node:h,\"system:nodes\"")
                .contains(",system:node:h-2,").contains(",system:node:hollow,");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.tokensFile())))
                .isEqualTo("rw-------");
    }
}
