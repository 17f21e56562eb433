package io.jctl.agent;

import io.jctl.api.client.ClientConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCommandTest {
    @Test
    void flagsBecomeTheClientAndAgentConfig() throws Exception {
        AgentCommand cmd = new AgentCommand();
        new CommandLine(cmd).parseArgs("--server", "https://10.0.0.1:6443", "--token", "abc",
                "--insecure-skip-tls-verify", "--node-name", "n1", "--hollow", "--hollow-nodes", "3",
                "--system-reserved-cpu", "250m", "--system-reserved-memory", "256Mi", "--node-labels", "zone=a,rack=1");
        ClientConfig c = cmd.connection.toClientConfig("test");
        assertThat(c.server().toString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(c.token()).isEqualTo("abc");
        assertThat(c.insecure()).isTrue();
        assertThat(cmd.hollowNodes).isEqualTo(3);
        assertThat(cmd.runtimeEndpoint).isEqualTo("unix:///run/jctl/runtime.sock");
        assertThat(cmd.podCidr).isEqualTo("10.88.0.0/24");
        assertThat(AgentCommand.milli(cmd.reservedCpu)).isEqualTo(250);
        assertThat(AgentCommand.bytes(cmd.reservedMemory)).isEqualTo(256L << 20);
        assertThat(cmd.nodeLabels).containsEntry("zone", "a").containsEntry("rack", "1");
    }

    @Test
    void durations() {
        assertThat(AgentCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AgentCommand.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(AgentCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    }
}
