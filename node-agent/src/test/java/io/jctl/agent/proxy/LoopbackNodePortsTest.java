package io.jctl.agent.proxy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard rules, and reading back from iptables-save what each device's route_localnet was before. */
class LoopbackNodePortsTest {
    private final LoopbackNodePorts loopback = new LoopbackNodePorts(ProxyConfig.defaults().withChainPrefix("JT"));

    @Test
    void eachDeviceGetsADropRuleForLoopbackDestinationsThatAreNotReplies() {
        Map<String, String> devices = new TreeMap<>(Map.of("eth0", "0", "jctl-nodes", "1"));

        String script = loopback.script(devices, SavedRules.empty());

        assertThat(script.lines()).containsExactly(
                "*filter",
                ":JT-LOCALNET - [0:0]",
                "-A JT-LOCALNET -i eth0 -d 127.0.0.0/8 -m comment --comment \"jctl loopback node ports: route_localnet was 0\""
                        + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
                "-A JT-LOCALNET -i jctl-nodes -d 127.0.0.0/8 -m comment --comment \"jctl loopback node ports: route_localnet was 1\""
                        + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
                "-I INPUT -j JT-LOCALNET",
                "COMMIT");
    }

    @Test
    void previousValuesAreReadFromTheRulesAsIptablesSavePrintsThem() {
        SavedRules saved = SavedRules.parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :JT-LOCALNET - [0:0]
                -A INPUT -j JT-LOCALNET
                -A JT-LOCALNET -d 127.0.0.0/8 -i eth0 -m comment --comment "jctl loopback node ports: route_localnet was 0" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
                -A JT-LOCALNET -d 127.0.0.0/8 -i br-x -m comment --comment "jctl loopback node ports: route_localnet was 1" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
                -A OTHER-LOCALNET -d 127.0.0.0/8 -i eth1 -m comment --comment "jctl loopback node ports: route_localnet was 0" -j DROP
                COMMIT
                """);

        assertThat(loopback.recorded(saved)).containsExactly(Map.entry("eth0", "0"), Map.entry("br-x", "1"));
        assertThat(loopback.script(Map.of(), saved)).doesNotContain("-I INPUT");
    }
}
