package io.jctl.runtime.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostLocalIpamTest {
    private static final Ipv4Cidr CIDR = Ipv4Cidr.parse("10.88.0.0/24");

    @TempDir
    Path dir;

    @Test
    void sameSandboxGetsTheSameAddressAlsoAfterAReload() throws IOException {
        HostLocalIpam ipam = new HostLocalIpam(dir, CIDR);
        int first = ipam.allocate("a").ip();
        assertThat(ipam.allocate("a").ip()).isEqualTo(first);
        assertThat(Ipv4Cidr.format(first)).isEqualTo("10.88.0.2");

        HostLocalIpam reloaded = new HostLocalIpam(dir, CIDR);
        assertThat(reloaded.allocate("a").ip()).isEqualTo(first);
        assertThat(reloaded.allocate("b").ip()).isNotEqualTo(first);
    }

    @Test
    void neverHandsOutTheGatewayNetworkBroadcastOrADuplicateAcrossRestarts() throws IOException {
        Set<Integer> seen = new HashSet<>();
        HostLocalIpam ipam = new HostLocalIpam(dir, CIDR);
        for (int i = 0; i < 253; i++) {
            if (i % 50 == 49) {
                ipam = new HostLocalIpam(dir, CIDR); // a restart now and then
            }
            int ip = ipam.allocate("pod-" + i).ip();
            assertThat(seen.add(ip)).as("duplicate %s", Ipv4Cidr.format(ip)).isTrue();
            assertThat(ip).isBetween(CIDR.firstPodAddress(), CIDR.lastPodAddress());
        }
        HostLocalIpam full = ipam;
        assertThatThrownBy(() -> full.allocate("one-too-many"))
                .isInstanceOf(IOException.class).hasMessageContaining("no free address left in pod CIDR 10.88.0.0/24");
    }

    @Test
    void releasedAddressesComeBackOnlyAfterTheOthersRoundRobin() throws IOException {
        HostLocalIpam ipam = new HostLocalIpam(dir, CIDR);
        int a = ipam.allocate("a").ip();
        ipam.allocate("b");
        ipam.release("a");
        ipam.release("a"); // idempotent
        assertThat(ipam.get("a")).isNull();
        assertThat(ipam.allocate("c").ip()).isNotEqualTo(a);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("10.88.0.3", "10.88.0.4");
        }
    }

    @Test
    void recordedHostPortsSurviveAReload() throws IOException {
        HostLocalIpam ipam = new HostLocalIpam(dir, CIDR);
        ipam.allocate("a");
        List<HostPort> ports = List.of(new HostPort("tcp", "", 8080, 80), new HostPort("udp", "127.0.0.1", 5353, 53));
        ipam.recordHostPorts("a", ports);

        assertThat(new HostLocalIpam(dir, CIDR).get("a").hostPorts()).isEqualTo(ports);
    }

    @Test
    void interruptedWritesAreIgnoredOnLoad() throws IOException {
        Files.writeString(dir.resolve(".tmp-10.88.0.9"), "half");
        Files.writeString(dir.resolve("10.88.0.7"), "");
        HostLocalIpam ipam = new HostLocalIpam(dir, CIDR);
        assertThat(ipam.all()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
