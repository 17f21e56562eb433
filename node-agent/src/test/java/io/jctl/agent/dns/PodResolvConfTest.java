package io.jctl.agent.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodResolvConfTest {
    @TempDir
    Path dir;

    @Test
    void clusterFirstResolvConf() {
        assertThat(PodResolvConf.content("10.88.0.1", "shop", "cluster.local", List.of("corp.example", "cluster.local")))
                .isEqualTo("""
                        nameserver 10.88.0.1
                        search shop.svc.cluster.local svc.cluster.local cluster.local corp.example
                        options ndots:5
                        """);
    }

    @Test
    void hostSearchDomainsBeyondTheLimitsAreDropped() {
        List<String> host = Collections.nCopies(40, "x").stream().map(s -> s + Math.random()).toList();
        String content = PodResolvConf.content("10.88.0.1", "shop", "cluster.local", host);
        String search = content.lines().filter(l -> l.startsWith("search ")).findFirst().orElseThrow();
        assertThat(search.substring(7).split(" ")).hasSize(PodResolvConf.MAX_SEARCH_DOMAINS);
    }

    @Test
    void readsTheHostsSearchDomainsAndNonLoopbackNameservers() throws IOException {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, """
                # generated
                nameserver 127.0.0.53
                nameserver 10.255.255.53
                domain old.example
                search a.example b.example
                options edns0
                """);
        assertThat(PodResolvConf.hostSearchDomains(conf)).containsExactly("a.example", "b.example");
        assertThat(PodResolvConf.upstreamServers(conf)).containsExactly(new InetSocketAddress("10.255.255.53", 53));
        assertThat(PodResolvConf.upstreamServers(dir.resolve("missing"))).isEmpty();
    }
}
