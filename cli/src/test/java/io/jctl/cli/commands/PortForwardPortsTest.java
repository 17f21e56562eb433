package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kubectl's port arguments: [LOCAL:]REMOTE, named container ports, and a Service's port translation. */
class PortForwardPortsTest {
    static final JsonNode POD = Json.readObject("""
            {"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","ports":[{"name":"http","containerPort":8080},
             {"name":"metrics","containerPort":9090}]}]}}""".getBytes());
    static final JsonNode SVC = Json.readObject("""
            {"metadata":{"name":"web"},"spec":{"ports":[{"name":"web","port":80,"targetPort":"http"},
             {"name":"raw","port":81,"targetPort":9999},{"port":82}]}}""".getBytes());

    @ParameterizedTest
    @CsvSource({"8080:80, 8080, 80", ":80, 0, 80", "80, 80, 80", "5000:http, 5000, 8080", "http, 8080, 8080"})
    void parsesPortSpecs(String spec, int local, int remote) {
        assertThat(PortForwardCommand.parse(spec, POD)).isEqualTo(new PortForwardCommand.Forward(local, remote));
    }

    @Test
    void rejectsBadSpecs() {
        assertThatThrownBy(() -> PortForwardCommand.parse("a:80", POD)).isInstanceOf(CliException.class)
                .hasMessageContaining("Error parsing local port 'a'");
        assertThatThrownBy(() -> PortForwardCommand.parse("80:nope", POD)).isInstanceOf(CliException.class)
                .hasMessage("error: Pod 'web' does not have a named port 'nope'");
        assertThatThrownBy(() -> PortForwardCommand.parse("1:2:3", POD)).isInstanceOf(CliException.class);
    }

    @ParameterizedTest
    @CsvSource({"80, 80:8080", "5000:80, 5000:8080", "web, 80:8080", ":80, :8080", "81, 81:9999", "82, 82"})
    void translatesServicePorts(String spec, String translated) {
        assertThat(ServicePorts.translate(List.of(spec), SVC, POD)).containsExactly(translated);
    }

    @Test
    void aServicePortThatDoesNotExist() {
        assertThatThrownBy(() -> ServicePorts.translate(List.of("83"), SVC, POD))
                .hasMessage("error: Service web does not have a service port 83");
        assertThatThrownBy(() -> ServicePorts.translate(List.of("nope"), SVC, POD))
                .hasMessage("error: Service 'web' does not have a named port 'nope'");
    }
}
