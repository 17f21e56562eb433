package io.jctl.agent.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyRulesTest {
    final ProxyConfig config = ProxyConfig.defaults().withChainPrefix("JT");
    final ProxyRules rules = new ProxyRules(config);
    final ChainNames names = rules.names();

    static ProxiedPort web(String... ips) {
        return new ProxiedPort("shop", "web", "http", "tcp", "10.96.0.10", 80, 30080, 0,
                Arrays.stream(ips).map(ip -> new ProxiedPort.Endpoint(ip, 8080)).toList());
    }

    static ProxiedPort empty() {
        return new ProxiedPort("shop", "db", "", "udp", "10.96.0.11", 53, 30053, 0, List.of());
    }

    static List<String> lines(String script) {
        return List.of(script.split("\n"));
    }

    @Test
    void fullSyncWritesEveryChainWithRandomSpreadAndDnat() {
        ProxiedPort web = web("10.88.0.2", "10.88.0.3", "10.88.0.4");
        ProxyRules.Plan plan = rules.plan(List.of(web, empty()), null, SavedRules.empty());
        List<String> script = lines(plan.script());
        String svc = names.service(web);
        String sep2 = names.endpoint(web, web.endpoints().get(0));
        String sep4 = names.endpoint(web, web.endpoints().get(2));

        assertThat(script).contains("*nat", ":JT-SERVICES - [0:0]", ":" + svc + " - [0:0]", ":" + sep2 + " - [0:0]",
                "-I PREROUTING -m comment --comment \"jctl service portals\" -j JT-SERVICES",
                "-I OUTPUT -m comment --comment \"jctl service portals\" -j JT-SERVICES",
                "-I POSTROUTING -m comment --comment \"jctl postrouting rules\" -j JT-MASQUERADE",
                "-A JT-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"shop/web:http cluster IP\" -m tcp --dport 80 -j " + svc,
                "-A JT-NODEPORTS -p tcp -m comment --comment \"shop/web:http\" -m tcp --dport 30080 -j JT-MARK-MASQ",
                "-A JT-NODEPORTS -p tcp -m comment --comment \"shop/web:http\" -m tcp --dport 30080 -j " + svc,
                "-A " + svc + " -m comment --comment \"shop/web:http\" ! -s 10.88.0.0/24 -j JT-MARK-MASQ",
                "-A " + svc + " -m comment --comment \"shop/web:http -> 10.88.0.2:8080\" -m statistic --mode random --probability 0.3333333333 -j " + sep2,
                "-A " + svc + " -m comment --comment \"shop/web:http -> 10.88.0.4:8080\" -j " + sep4,
                "-A " + sep2 + " -s 10.88.0.2/32 -m comment --comment \"shop/web:http\" -j JT-MARK-MASQ",
                "-A " + sep2 + " -p tcp -m comment --comment \"shop/web:http\" -m tcp -j DNAT --to-destination 10.88.0.2:8080",
                "-A JT-MARK-MASQ -j MARK --or-mark 0x4000",
                "-A JT-MASQUERADE -m mark ! --mark 0x4000/0x4000 -j RETURN",
                "*filter",
                "-I FORWARD -m conntrack --ctstate NEW -m comment --comment \"jctl service portals\" -j JT-SERVICES",
                "-I INPUT -m conntrack --ctstate NEW -m comment --comment \"jctl externally-visible service portals\" -j JT-EXTERNAL-SERVICES",
                "-A JT-SERVICES -d 10.96.0.11/32 -p udp -m comment --comment \"shop/db has no endpoints\" -m udp --dport 53 -j REJECT",
                "-A JT-EXTERNAL-SERVICES -p udp -m comment --comment \"shop/db has no endpoints\" -m addrtype --dst-type LOCAL -m udp --dport 30053 -j REJECT");
        assertThat(script).anyMatch(l -> l.contains("--probability 0.5000000000"));
        // The node-port jump is the last rule of SERVICES, after every cluster IP.
        int lastServiceRule = -1;
        for (int i = 0; i < script.size(); i++) {
            if (script.get(i).startsWith("-A JT-SERVICES ")) {
                lastServiceRule = i;
            }
            if (script.get(i).equals("*filter")) {
                break;
            }
        }
        assertThat(script.get(lastServiceRule)).endsWith("-m addrtype --dst-type LOCAL -j JT-NODEPORTS");
        assertThat(script.stream().filter(l -> l.equals("COMMIT"))).hasSize(2);
        assertThat(plan.chains()).hasSize(4 + 7);
        assertThat(plan.chainsWritten()).isEqualTo(4);
    }

    @Test
    void partialSyncRewritesOnlyChangedServiceChainsAndDeletesStaleOnes() {
        ProxiedPort before = web("10.88.0.2", "10.88.0.3");
        ProxiedPort other = new ProxiedPort("shop", "api", "", "tcp", "10.96.0.12", 443, 0, 0,
                List.of(new ProxiedPort.Endpoint("10.88.0.9", 8443)));
        ProxyRules.Plan first = rules.plan(List.of(before, other), null, SavedRules.empty());

        ProxyRules.Plan same = rules.plan(List.of(before, other), first.chains(), SavedRules.empty());
        assertThat(same.chainsWritten()).isZero();
        assertThat(same.script()).isEmpty();

        ProxiedPort after = web("10.88.0.3", "10.88.0.5");
        ProxyRules.Plan changed = rules.plan(List.of(after, other), first.chains(), SavedRules.empty());
        List<String> script = lines(changed.script());
        String gone = names.endpoint(before, before.endpoints().get(0));
        assertThat(script).contains(":" + names.service(after) + " - [0:0]",
                ":" + names.endpoint(after, after.endpoints().get(1)) + " - [0:0]",
                ":" + gone + " - [0:0]", "-X " + gone);
        assertThat(script).noneMatch(l -> l.startsWith(":" + names.service(other)));
        assertThat(script).noneMatch(l -> l.startsWith(":" + names.endpoint(after, after.endpoints().get(0))));
        assertThat(changed.chainsWritten()).isEqualTo(2);
        assertThat(script).as("unchanged chains and tables are left out")
                .doesNotContain("*filter", ":JT-SERVICES - [0:0]", ":JT-NODEPORTS - [0:0]");
        assertThat(changed.chainsDeleted()).isEqualTo(1);
        // The deletion comes after the rewritten SVC chain stopped referring to it.
        assertThat(script.indexOf("-X " + gone)).isGreaterThan(script.indexOf("-A " + names.service(after)
                + " -m comment --comment \"shop/web:http -> 10.88.0.5:8080\" -j " + names.endpoint(after, after.endpoints().get(1))));
    }

    @Test
    void fullSyncAfterRestartKeepsExistingJumpsAndRemovesLeftoverChains() {
        String save = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :JT-SERVICES - [0:0]
                :JT-SVC-AAAAAAAAAAAA - [0:0]
                :JCTL-HOSTPORTS - [0:0]
                -A PREROUTING -m comment --comment "jctl service portals" -j JT-SERVICES
                -A OUTPUT -m comment --comment "jctl service portals" -j JT-SERVICES
                -A POSTROUTING -m comment --comment "jctl postrouting rules" -j JT-MASQUERADE
                COMMIT
                *filter
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "jctl externally-visible service portals" -j JT-EXTERNAL-SERVICES
                COMMIT
                """;
        List<String> script = lines(rules.plan(List.of(web("10.88.0.2")), null, SavedRules.parse(save)).script());
        assertThat(script).contains(":JT-SVC-AAAAAAAAAAAA - [0:0]", "-X JT-SVC-AAAAAAAAAAAA");
        int filter = script.indexOf("*filter");
        assertThat(script.subList(0, filter)).noneMatch(l -> l.startsWith("-I "));
        assertThat(script.subList(filter, script.size())).noneMatch(l -> l.startsWith("-I INPUT"))
                .anyMatch(l -> l.startsWith("-I FORWARD")).anyMatch(l -> l.startsWith("-I OUTPUT"));
        assertThat(script).noneMatch(l -> l.contains("JCTL-HOSTPORTS"));
    }

    @Test
    void clientIpAffinityChecksAndSetsRecentLists() {
        ProxiedPort sticky = new ProxiedPort("shop", "cart", "", "tcp", "10.96.0.13", 80, 0, 600,
                List.of(new ProxiedPort.Endpoint("10.88.0.2", 80), new ProxiedPort.Endpoint("10.88.0.3", 80)));
        String sep = names.endpoint(sticky, sticky.endpoints().get(0));
        List<String> script = lines(rules.plan(List.of(sticky), null, SavedRules.empty()).script());
        assertThat(script).contains("-A " + names.service(sticky) + " -m comment --comment \"shop/cart -> 10.88.0.2:80\""
                        + " -m recent --name " + sep + " --mask 255.255.255.255 --rsource --rcheck --seconds 600 --reap -j " + sep,
                "-A " + sep + " -p tcp -m comment --comment \"shop/cart\" -m recent --name " + sep
                        + " --mask 255.255.255.255 --rsource --set -m tcp -j DNAT --to-destination 10.88.0.2:80");
    }

    @Test
    void configuredNodeIpsReplaceTheLocalAddressMatch() {
        ProxyRules own = new ProxyRules(config.withNodeIps(List.of("192.0.2.2")).withClusterCidr(null));
        List<String> script = lines(own.plan(List.of(web("10.88.0.2")), null, SavedRules.empty()).script());
        assertThat(script).contains("-A JT-SERVICES -d 192.0.2.2/32 -m comment --comment \"jctl service nodeports\" -j JT-NODEPORTS");
        assertThat(script).noneMatch(l -> l.contains("! -s"));
    }

    @Test
    void cleanupRemovesOnlyOurChainsAndJumps() {
        String save = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :JT-SERVICES - [0:0]
                :JT-NODEPORTS - [0:0]
                :JT-SVC-AAAAAAAAAAAA - [0:0]
                :JT-SEP-BBBBBBBBBBBB - [0:0]
                :JT-HOSTPORTS - [0:0]
                :OTHER - [0:0]
                -A PREROUTING -m comment --comment "jctl service portals" -j JT-SERVICES
                -A PREROUTING -m addrtype --dst-type LOCAL -j JT-HOSTPORTS
                -A PREROUTING -j OTHER
                -A JT-SERVICES -d 10.96.0.10/32 -p tcp -j JT-SVC-AAAAAAAAAAAA
                -A JT-SVC-AAAAAAAAAAAA -j JT-SEP-BBBBBBBBBBBB
                COMMIT
                *filter
                :JT-PROXY-FORWARD - [0:0]
                :JT-FORWARD - [0:0]
                -A FORWARD -m comment --comment "jctl forwarding rules" -j JT-PROXY-FORWARD
                -A FORWARD -j JT-FORWARD
                COMMIT
                """;
        List<String> script = lines(rules.cleanup(SavedRules.parse(save)));
        assertThat(script).contains("-F JT-SERVICES", "-F JT-SVC-AAAAAAAAAAAA", "-X JT-SEP-BBBBBBBBBBBB",
                "-X JT-NODEPORTS", "-D PREROUTING -m comment --comment \"jctl service portals\" -j JT-SERVICES",
                "-D FORWARD -m comment --comment \"jctl forwarding rules\" -j JT-PROXY-FORWARD", "-X JT-PROXY-FORWARD");
        assertThat(script).noneMatch(l -> l.contains("HOSTPORTS") || l.contains("OTHER") || l.contains("JT-FORWARD"));
        assertThat(script.indexOf("-F JT-SERVICES")).isLessThan(script.indexOf("-X JT-SVC-AAAAAAAAAAAA"));
        assertThat(rules.cleanup(SavedRules.parse("*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n"))).isEmpty();
    }

    @Test
    void chainNamesFitIptablesLimitWithTheLongestPrefix() {
        ChainNames longest = new ChainNames("ABCDEFGHIJ");
        ProxiedPort p = web("10.88.0.2");
        for (String chain : List.of(longest.service(p), longest.endpoint(p, p.endpoints().get(0)),
                longest.externalServices, longest.forward, longest.markMasquerade, longest.masquerade)) {
            assertThat(chain.length()).as(chain).isLessThanOrEqualTo(28);
        }
        assertThat(longest.service(p)).matches("ABCDEFGHIJ-SVC-[A-Z2-7]{12}");
        assertThat(new ChainNames("X").service(p)).isEqualTo(new ChainNames("X").service(web("10.88.0.9")));
        assertThatThrownBy(() -> config.withChainPrefix("ABCDEFGHIJK")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotTakesReadyEndpointsOfClusterIpServicesByPortNameAndProtocol() {
        Service web = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withType("NodePort").withClusterIP("10.96.0.10").withSessionAffinity("ClientIP")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").withNodePort(30080).endPort()
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withNodePort(30053).endPort()
                .endSpec().build();
        Service headless = new ServiceBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("None").addNewPort().withPort(5432).endPort().endSpec().build();
        Endpoints ep = new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.88.0.3").endAddress().addNewAddress().withIp("10.88.0.2").endAddress()
                .addNewNotReadyAddress().withIp("10.88.0.7").endNotReadyAddress()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("dns").withPort(5353).withProtocol("TCP").endPort().endSubset().build();
        Map<String, Endpoints> byKey = Map.of("shop/web", ep);

        List<ProxiedPort> ports = ProxySnapshot.of(List.of(web, headless), (ns, n) -> byKey.get(ns + "/" + n));

        assertThat(ports).hasSize(2);
        ProxiedPort dns = ports.get(0);
        assertThat(dns.displayName()).isEqualTo("shop/web:dns");
        assertThat(dns.endpoints()).as("protocol differs").isEmpty();
        ProxiedPort http = ports.get(1);
        assertThat(http.endpoints()).extracting(ProxiedPort.Endpoint::toString)
                .containsExactly("10.88.0.2:8080", "10.88.0.3:8080");
        assertThat(http.nodePort()).isEqualTo(30080);
        assertThat(http.affinitySeconds()).isEqualTo(ProxySnapshot.DEFAULT_AFFINITY_SECONDS);
        assertThat(http.protocol()).isEqualTo("tcp");
    }
}
