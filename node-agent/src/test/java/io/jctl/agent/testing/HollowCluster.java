package io.jctl.agent.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.agent.AgentConfig;
import io.jctl.agent.AgentPools;
import io.jctl.agent.NodeAgent;
import io.jctl.agent.hollow.HollowRuntime;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * An in-process api-server and one hollow node agent ({@value #NODE}, address 127.0.0.1) that
 * serves logs and exec on a free loopback port: enough for {@code kubectl logs/exec} and
 * {@code jctl logs/exec} end to end. Other modules' tests use it through this module's test-jar.
 */
public final class HollowCluster implements AutoCloseable {
    public static final String NODE = "node-1";

    private final TestApiServer server;
    private final ApiClient api;
    private final AgentPools pools;
    private final RuntimeConnection connection;
    private final Path root;
    private final HollowRuntime runtime;
    private NodeAgent agent;

    private HollowCluster(TestApiServer server) throws IOException {
        this.server = server;
        this.api = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
        this.pools = new AgentPools(4);
        this.runtime = new HollowRuntime("10.88.0.0/24", pools.timers(), Duration.ZERO, Duration.ofMillis(100));
        this.connection = RuntimeConnection.inProcess(runtime.runtimeService(), runtime.imageService());
        this.root = Files.createTempDirectory("jctl-hollow-cluster-");
        AgentConfig config = AgentConfig.defaults(NODE, "127.0.0.1", "10.88.0.0/24", root, true)
                .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(200))
                .withAgentPort("127.0.0.1", 0);
        agent = new NodeAgent(config, api, connection, pools, new SimpleMeterRegistry(),
                NodeAgent.podInformer(api, NODE), true);
        agent.start(Duration.ofSeconds(30));
    }

    /** Starts a fresh api-server and agent. */
    public static HollowCluster start() {
        return on(TestApiServer.start());
    }

    /** Starts an agent on {@code server}; closing the cluster closes the server too. */
    public static HollowCluster on(TestApiServer server) {
        try {
            return new HollowCluster(server);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public TestApiServer server() {
        return server;
    }

    public ApiClient api() {
        return api;
    }

    public NodeAgent agent() {
        return agent;
    }

    public HollowRuntime runtime() {
        return runtime;
    }

    /** Creates a Pod from YAML (give it {@code nodeName: node-1} to run it here). */
    public Pod createPod(String yaml) {
        try {
            return api.pods().create(Json.yaml().readValue(yaml, Pod.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the pod satisfies {@code until}. */
    public Pod awaitPod(String namespace, String name, Predicate<Pod> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.pods().find(namespace, name).orElse(null), p -> p != null && until.test(p));
    }

    /** Waits until every container of the pod runs. */
    public Pod awaitRunning(String namespace, String name) {
        return awaitPod(namespace, name, p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState().getRunning() != null));
    }

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.close();
            }
            connection.close();
            pools.close();
        } finally {
            server.close();
            TestApiServer.deleteTree(root);
        }
    }
}
