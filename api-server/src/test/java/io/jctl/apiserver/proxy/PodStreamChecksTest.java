package io.jctl.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodStreamChecksTest {
    static JsonNode pod(String containersJson) {
        return Json.readObject(("{\"metadata\":{\"name\":\"web\"},\"spec\":" + containersJson + "}").getBytes());
    }

    @Test
    void theOnlyContainerNeedsNoName() {
        assertThat(PodStreamChecks.container(pod("{\"containers\":[{\"name\":\"app\"}]}"), "web", null)).isEqualTo("app");
    }

    @Test
    void severalContainersNeedANameAsKubernetesSays() {
        JsonNode p = pod("{\"initContainers\":[{\"name\":\"i\"}],\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
        assertThatThrownBy(() -> PodStreamChecks.container(p, "web", ""))
                .isInstanceOf(ApiException.class)
                .hasMessage("a container name must be specified for pod web, choose one of: [i a b]");
        assertThat(PodStreamChecks.container(p, "web", "i")).isEqualTo("i");
        assertThatThrownBy(() -> PodStreamChecks.container(p, "web", "z"))
                .hasMessage("container z is not valid for pod web");
    }

    @ParameterizedTest
    @CsvSource(value = {
            "v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io|v5.channel.k8s.io",
            "v4.channel.k8s.io, v5.channel.k8s.io|v4.channel.k8s.io",
            "channel.k8s.io|-",
            "-|-",
    }, delimiter = '|')
    void theClientsFirstServedSubprotocolWins(String offered, String chosen) {
        assertThat(PodStreamProxy.negotiate(offered.equals("-") ? null : offered))
                .isEqualTo(chosen.equals("-") ? null : chosen);
    }

    @ParameterizedTest
    @CsvSource(value = {
            "SPDY/3.1+portforward.k8s.io|SPDY/3.1+portforward.k8s.io",
            "v4.channel.k8s.io|v4.channel.k8s.io",
            "portforward.k8s.io|portforward.k8s.io",
            "v5.channel.k8s.io|-",
    }, delimiter = '|')
    void portForwardingServesKubectlsAndTheChannelProtocol(String offered, String chosen) {
        assertThat(PodStreamProxy.negotiate(offered, io.jctl.api.streaming.PortForwardProtocol.SUPPORTED))
                .isEqualTo(chosen.equals("-") ? null : chosen);
        assertThat(PodStreamProxy.SUBPROTOCOLS).contains("v5.channel.k8s.io", "v4.channel.k8s.io",
                "SPDY/3.1+portforward.k8s.io", "portforward.k8s.io");
    }
}
