package io.jctl.runtime.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's iptables rules, all in chains of our own ({@code <prefix>-HOSTPORTS},
 * {@code <prefix>-POSTROUTING} in nat, {@code <prefix>-FORWARD} and {@code <prefix>-INPUT} in
 * filter) reached by one jump rule from each built-in chain. Host-port rules carry the sandbox id
 * in a comment, so that teardown and garbage collection find them without any other record.
 *
 * <p>Host ports on the node's loopback address work because the bridge has
 * {@code route_localnet} set and traffic from 127.0.0.0/8 leaving through the bridge is
 * masqueraded to the gateway address (the same choice as CNI's portmap plugin); the INPUT chain
 * drops what else arrives from the bridge for 127.0.0.0/8.
 */
final class IptablesRules {
    private static final Pattern SANDBOX_COMMENT = Pattern.compile("--comment \"?jctl-sandbox=([A-Za-z0-9_.-]+)\"?");

    private final IptablesCommands commands;
    private final String hostPortsChain;
    private final String postroutingChain;
    private final String forwardChain;
    private final String inputChain;

    IptablesRules(IptablesCommands commands, String chainPrefix) {
        this.commands = commands;
        this.hostPortsChain = chainPrefix + "-HOSTPORTS";
        this.postroutingChain = chainPrefix + "-POSTROUTING";
        this.forwardChain = chainPrefix + "-FORWARD";
        this.inputChain = chainPrefix + "-INPUT";
    }

    String hostPortsChain() {
        return hostPortsChain;
    }

    /**
     * Makes the node's chains and jumps exist. The static chains are rewritten; the host-port
     * chain is only created when missing, since it holds the rules of pods that outlive a restart.
     */
    void ensureNodeRules(String bridge, Ipv4Cidr podCidr, List<Ipv4Cidr> nonMasqueradeCidrs, boolean masquerade)
            throws IOException {
        SavedRules saved = SavedRules.parse(commands.save());
        StringBuilder script = new StringBuilder("*nat\n");
        script.append(':').append(postroutingChain).append(" - [0:0]\n");
        if (!saved.hasChain("nat", hostPortsChain)) {
            script.append(':').append(hostPortsChain).append(" - [0:0]\n");
        }
        String post = "-A " + postroutingChain;
        script.append(post).append(" -s 127.0.0.0/8 -o ").append(bridge).append(" -j MASQUERADE\n");
        script.append(post).append(" -s ").append(podCidr).append(" -o ").append(bridge)
                .append(" -m conntrack --ctstate DNAT -j MASQUERADE\n");
        if (masquerade) {
            for (Ipv4Cidr cidr : nonMasqueradeCidrs) {
                script.append(post).append(" -s ").append(podCidr).append(" -d ").append(cidr).append(" -j RETURN\n");
            }
            script.append(post).append(" -s ").append(podCidr).append(" -j MASQUERADE\n");
        }
        appendJumpIfMissing(script, saved, "nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j " + hostPortsChain);
        appendJumpIfMissing(script, saved, "nat", "OUTPUT", "-m addrtype --dst-type LOCAL -j " + hostPortsChain);
        appendJumpIfMissing(script, saved, "nat", "POSTROUTING", "-j " + postroutingChain);
        script.append("COMMIT\n*filter\n");
        script.append(':').append(forwardChain).append(" - [0:0]\n");
        script.append("-A ").append(forwardChain).append(" -i ").append(bridge).append(" -j ACCEPT\n");
        script.append("-A ").append(forwardChain).append(" -o ").append(bridge).append(" -j ACCEPT\n");
        appendJumpIfMissing(script, saved, "filter", "FORWARD", "-j " + forwardChain);
        // route_localnet on the bridge would also let packets from pods to 127.0.0.0/8 in: a pod
        // with CAP_NET_RAW could reach the node's loopback-only services (CVE-2020-8558 in
        // Kubernetes). Only replies of connections made from the node pass, as with kube-proxy's rule.
        script.append(':').append(inputChain).append(" - [0:0]\n");
        script.append("-A ").append(inputChain).append(" -i ").append(bridge)
                .append(" -d 127.0.0.0/8 -m comment --comment \"no pod reaches the node's loopback services\"")
                .append(" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n");
        appendJumpIfMissing(script, saved, "filter", "INPUT", "-j " + inputChain);
        script.append("COMMIT\n");
        commands.restore(script.toString());
    }

    private static void appendJumpIfMissing(StringBuilder script, SavedRules saved, String table, String chain,
            String spec) {
        String target = spec.substring(spec.lastIndexOf("-j "));
        boolean present = saved.rules(table).stream()
                .anyMatch(rule -> rule.startsWith("-A " + chain + " ") && rule.endsWith(target));
        if (!present) {
            // First, so that the pods' rules come before those of other tools on this node.
            script.append("-I ").append(chain).append(' ').append(spec).append('\n');
        }
    }

    /** Installs the DNAT rules of one sandbox in one batch. */
    void addHostPorts(String sandboxId, int podIp, List<HostPort> hostPorts) throws IOException {
        if (hostPorts.isEmpty()) {
            return;
        }
        StringBuilder script = new StringBuilder("*nat\n");
        for (HostPort hostPort : hostPorts) {
            script.append("-A ").append(hostPortRuleSpec(sandboxId, podIp, hostPort)).append('\n');
        }
        commands.restore(script.append("COMMIT\n").toString());
    }

    /**
     * Removes the DNAT rules of one sandbox: those it was recorded with, or, when they are not
     * all there (a repeated teardown, rules changed by hand), whatever rules carry its id.
     */
    void removeHostPorts(String sandboxId, int podIp, List<HostPort> recorded) throws IOException {
        if (!recorded.isEmpty()) {
            StringBuilder script = new StringBuilder("*nat\n");
            for (HostPort hostPort : recorded) {
                script.append("-D ").append(hostPortRuleSpec(sandboxId, podIp, hostPort)).append('\n');
            }
            try {
                commands.restore(script.append("COMMIT\n").toString());
                return;
            } catch (IptablesCommands.CommandFailedException e) {
                // some rule was missing; the whole batch was rolled back, so delete by listing
            }
        }
        removeHostPortsWhere(sandboxId::equals);
    }

    /** Removes the DNAT rules of every sandbox not in {@code liveSandboxIds}. */
    void removeHostPortsExcept(Set<String> liveSandboxIds) throws IOException {
        removeHostPortsWhere(id -> !liveSandboxIds.contains(id));
    }

    private void removeHostPortsWhere(Predicate<String> doomed) throws IOException {
        StringBuilder script = new StringBuilder("*nat\n");
        boolean any = false;
        for (String rule : commands.listChain("nat", hostPortsChain)) {
            Matcher matcher = SANDBOX_COMMENT.matcher(rule);
            if (matcher.find() && doomed.test(matcher.group(1))) {
                script.append("-D").append(rule.substring(2)).append('\n');
                any = true;
            }
        }
        if (any) {
            commands.restore(script.append("COMMIT\n").toString());
        }
    }

    /** Removes our jumps and chains, with every rule in them. */
    void removeAll() throws IOException {
        SavedRules saved = SavedRules.parse(commands.save());
        Map<String, List<String>> ourChains = Map.of(
                "nat", List.of(hostPortsChain, postroutingChain),
                "filter", List.of(forwardChain, inputChain));
        StringBuilder script = new StringBuilder();
        for (Map.Entry<String, List<String>> table : ourChains.entrySet()) {
            StringBuilder tableScript = new StringBuilder();
            for (String rule : saved.rules(table.getKey())) {
                for (String chain : table.getValue()) {
                    if (rule.endsWith("-j " + chain) && !table.getValue().contains(rule.split(" ")[1])) {
                        tableScript.append("-D").append(rule.substring(2)).append('\n');
                    }
                }
            }
            for (String chain : table.getValue()) {
                if (saved.hasChain(table.getKey(), chain)) {
                    tableScript.append("-F ").append(chain).append('\n').append("-X ").append(chain).append('\n');
                }
            }
            if (tableScript.length() > 0) {
                script.append('*').append(table.getKey()).append('\n').append(tableScript).append("COMMIT\n");
            }
        }
        if (script.length() > 0) {
            commands.restore(script.toString());
        }
    }

    private String hostPortRuleSpec(String sandboxId, int podIp, HostPort hostPort) {
        StringBuilder spec = new StringBuilder(hostPortsChain);
        if (!hostPort.hostIp().isEmpty()) {
            spec.append(" -d ").append(hostPort.hostIp()).append("/32");
        }
        spec.append(" -p ").append(hostPort.protocol())
                .append(" -m comment --comment \"jctl-sandbox=").append(sandboxId).append('"')
                .append(" -m ").append(hostPort.protocol()).append(" --dport ").append(hostPort.hostPort())
                .append(" -j DNAT --to-destination ").append(Ipv4Cidr.format(podIp)).append(':')
                .append(hostPort.containerPort());
        return spec.toString();
    }

    /** {@code iptables-save} output: chains and {@code -A} rules per table. */
    private record SavedRules(Map<String, Set<String>> chains, Map<String, List<String>> rules) {
        static SavedRules parse(String save) {
            Map<String, Set<String>> chains = new HashMap<>();
            Map<String, List<String>> rules = new HashMap<>();
            String table = "";
            for (String line : save.split("\n")) {
                if (line.startsWith("*")) {
                    table = line.substring(1).trim();
                } else if (line.startsWith(":")) {
                    chains.computeIfAbsent(table, t -> new HashSet<>()).add(line.substring(1).split(" ")[0]);
                } else if (line.startsWith("-A ")) {
                    rules.computeIfAbsent(table, t -> new ArrayList<>()).add(line.trim());
                }
            }
            return new SavedRules(chains, rules);
        }

        boolean hasChain(String table, String chain) {
            return chains.getOrDefault(table, Set.of()).contains(chain);
        }

        List<String> rules(String table) {
            return rules.getOrDefault(table, List.of());
        }
    }
}
