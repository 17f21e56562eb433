package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
            "TCP, 8080, 80, '', tcp 8080 80 -",
            "'', 8080, 80, '', tcp 8080 80 -",
            "udp, 5353, 53, 127.0.0.1, udp 5353 53 127.0.0.1",
            "SCTP, 9000, 0, 0.0.0.0, sctp 9000 9000 -",
    })
    void mappingsBecomeHostPorts(String protocol, int hostPort, int containerPort, String hostIp, String line) {
        PortMapping mapping = PortMapping.newBuilder().setProtocol(protocol).setHostPort(hostPort)
                .setContainerPort(containerPort).setHostIp(hostIp).build();
        List<HostPort> hostPorts = HostPort.of(List.of(mapping));
        assertThat(hostPorts).singleElement().extracting(HostPort::toLine).isEqualTo(line);
        assertThat(HostPort.parseLine(line)).isEqualTo(hostPorts.get(0));
    }

    @Test
    void aMappingWithoutHostPortIsNoHostPort() {
        assertThat(HostPort.of(List.of(PortMapping.newBuilder().setContainerPort(80).build()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"ICMP, 80, 80, ''", "TCP, 70000, 80, ''", "TCP, 80, 80, ::1", "TCP, 80, 80, example.com"})
    void rejectsWhatIptablesCannotForward(String protocol, int hostPort, int containerPort, String hostIp) {
        PortMapping mapping = PortMapping.newBuilder().setProtocol(protocol).setHostPort(hostPort)
                .setContainerPort(containerPort).setHostIp(hostIp).build();
        assertThatThrownBy(() -> HostPort.of(List.of(mapping))).isInstanceOf(IllegalArgumentException.class);
    }
}
