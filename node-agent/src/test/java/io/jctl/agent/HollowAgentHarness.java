package io.jctl.agent;

import io.fabric8.kubernetes.api.model.Pod;
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

/**
 * An in-process api-server and one hollow agent on it. The hollow runtime outlives
 * {@link #restartAgent()}, as a real runtime outlives an agent restart.
 */
final class HollowAgentHarness implements AutoCloseable {
    static final String NODE = "node-1";

    final TestApiServer server;
    final ApiClient api;
    final AgentPools pools;
    final HollowRuntime runtime;
    final RuntimeConnection connection;
    final Path root;
    final AgentConfig config;
    NodeAgent agent;

    HollowAgentHarness() {
        this(Duration.ofMillis(100));
    }

    HollowAgentHarness(Duration hollowRun) {
        server = TestApiServer.start();
        try {
            api = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                    .caPem(server.server().caCertificatePem()).build());
            pools = new AgentPools(4);
            runtime = new HollowRuntime("10.88.0.0/24", pools.timers(), Duration.ZERO, hollowRun);
            connection = RuntimeConnection.inProcess(runtime.runtimeService(), runtime.imageService());
            root = Files.createTempDirectory("jctl-agent-it-");
            config = AgentConfig.defaults(NODE, "10.0.0.1", "10.88.0.0/24", root, true)
                    .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(200));
            startAgent();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    void startAgent() {
        agent = new NodeAgent(config, api, connection, pools, new SimpleMeterRegistry(),
                NodeAgent.podInformer(api, NODE), true);
        agent.start(Duration.ofSeconds(30));
    }

    void restartAgent() {
        agent.close();
        startAgent();
    }

    Pod createPod(String yaml) {
        try {
            Pod p = Json.yaml().readValue(yaml, Pod.class);
            return api.pods().create(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pod pod(String name) {
        return api.pods().find("default", name).orElse(null);
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (pools != null) {
            pools.close();
        }
        if (server != null) {
            server.close();
        }
        if (root != null) {
            TestApiServer.deleteTree(root);
        }
    }
}
