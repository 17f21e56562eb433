package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.DNSConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodNetworkFilesTest {
    @Test
    void hostsHasLocalhostAndThePod() {
        String hosts = PodNetworkFiles.hosts("10.88.0.5", "web-1", Map.of("10.0.0.9", List.of("db", "db.local")));
        assertThat(hosts).startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
                .contains("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .contains("10.88.0.5\tweb-1\n")
                .endsWith("# Entries added by HostAliases.\n10.0.0.9\tdb\tdb.local\n");
    }

    @Test
    void resolvConfFromTheSandboxConfig() {
        DNSConfig dns = DNSConfig.newBuilder().addServers("10.96.0.10")
                .addAllSearches(List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .addOptions("ndots:5").build();
        assertThat(PodNetworkFiles.resolvConf(dns)).isEqualTo("""
                nameserver 10.96.0.10
                search shop.svc.cluster.local svc.cluster.local cluster.local
                options ndots:5
                """);
    }

    @Test
    void resolvConfFromTheHostDropsLoopbackResolvers() {
        String host = """
                # generated
                nameserver 127.0.0.53
                nameserver 192.0.2.1
                domain example.org
                search corp.example.org example.org
                options edns0 trust-ad
                """;
        assertThat(PodNetworkFiles.resolvConfFromHost(host, List.of("8.8.8.8"))).isEqualTo("""
                nameserver 192.0.2.1
                search corp.example.org example.org
                options edns0 trust-ad
                """);
        assertThat(PodNetworkFiles.resolvConfFromHost("nameserver 127.0.0.53\n", List.of("8.8.8.8")))
                .isEqualTo("nameserver 8.8.8.8\n");
    }
}
