package io.jctl.agent.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@code iptables-restore --noflush} script of one sync, as kube-proxy's iptables
 * proxier lays its chains out:
 *
 * <pre>
 * nat    PREROUTING, OUTPUT -> SERVICES: -d clusterIP -p proto --dport port -> SVC-x
 *                              last rule: local destinations -> NODEPORTS: --dport nodePort -> MARK-MASQ, SVC-x
 *        SVC-x: from outside the cluster CIDR -> MARK-MASQ; [ClientIP affinity: recent --rcheck -> SEP-y];
 *               statistic random 1/n, 1/(n-1), … -> SEP-y
 *        SEP-y: from the endpoint itself (hairpin) -> MARK-MASQ; DNAT to ip:port [recent --set]
 *        POSTROUTING -> MASQUERADE: marked packets are masqueraded
 * filter OUTPUT, FORWARD (new connections) -> SERVICES: services without endpoints REJECT
 *        INPUT, FORWARD (new connections) -> EXTERNAL-SERVICES: node ports without endpoints REJECT
 *        FORWARD -> PROXY-FORWARD: marked and established traffic is accepted
 * </pre>
 *
 * <p>Naming a chain ({@code :CHAIN - [0:0]}) in a {@code --noflush} restore creates or flushes
 * it, and each table commits atomically, so a sync replaces our rules without a moment in which
 * traffic finds them half-written. A chain is rewritten only when its content changed (every
 * chain on a full sync), a table without changes is left out, and chains no longer wanted are
 * flushed and deleted in the same commit.
 */
final class ProxyRules {
    static final String MASQ_MARK = "0x4000";
    private static final String NAT = "nat ";
    private static final String FILTER = "filter ";

    private final ProxyConfig config;
    private final ChainNames names;

    ProxyRules(ProxyConfig config) {
        this.config = config;
        this.names = new ChainNames(config.chainPrefix());
    }

    ChainNames names() {
        return names;
    }

    /**
     * The script, and the content of every per-service chain after it ran.
     *
     * @param written every chain of ours as last written ("table chain" -> rules); null for a full sync
     * @param saved   on a full sync, what the kernel holds now (stale chains, missing jumps); else empty
     */
    Plan plan(List<ProxiedPort> ports, Map<String, String> written, SavedRules saved) {
        boolean full = written == null;
        Map<String, String> wanted = new LinkedHashMap<>();
        StringBuilder services = new StringBuilder();
        StringBuilder nodePorts = new StringBuilder();
        StringBuilder filterServices = new StringBuilder();
        StringBuilder externalServices = new StringBuilder();
        for (ProxiedPort port : ports) {
            String comment = " -m comment --comment \"" + port.displayName() + "\"";
            String match = " -p " + port.protocol();
            if (port.endpoints().isEmpty()) {
                // No backends: refuse at once rather than let clients time out, as kube-proxy does.
                filterServices.append("-A ").append(names.services).append(" -d ").append(port.clusterIp())
                        .append("/32").append(match).append(" -m comment --comment \"").append(port.displayName())
                        .append(" has no endpoints\" -m ").append(port.protocol()).append(" --dport ").append(port.port())
                        .append(" -j REJECT\n");
                if (port.nodePort() > 0) {
                    externalServices.append("-A ").append(names.externalServices).append(match)
                            .append(" -m comment --comment \"").append(port.displayName())
                            .append(" has no endpoints\" -m addrtype --dst-type LOCAL -m ").append(port.protocol())
                            .append(" --dport ").append(port.nodePort()).append(" -j REJECT\n");
                }
                continue;
            }
            String svcChain = names.service(port);
            services.append("-A ").append(names.services).append(" -d ").append(port.clusterIp()).append("/32")
                    .append(match).append(" -m comment --comment \"").append(port.displayName())
                    .append(" cluster IP\" -m ").append(port.protocol()).append(" --dport ").append(port.port())
                    .append(" -j ").append(svcChain).append('\n');
            if (port.nodePort() > 0) {
                String dport = match + comment + " -m " + port.protocol() + " --dport " + port.nodePort();
                nodePorts.append("-A ").append(names.nodePorts).append(dport).append(" -j ").append(names.markMasquerade).append('\n');
                nodePorts.append("-A ").append(names.nodePorts).append(dport).append(" -j ").append(svcChain).append('\n');
            }
            StringBuilder svc = new StringBuilder();
            if (config.clusterCidr() != null) {
                svc.append("-A ").append(svcChain).append(comment).append(" ! -s ").append(config.clusterCidr())
                        .append(" -j ").append(names.markMasquerade).append('\n');
            }
            List<ProxiedPort.Endpoint> endpoints = port.endpoints();
            int n = endpoints.size();
            if (port.affinitySeconds() > 0) {
                for (ProxiedPort.Endpoint ep : endpoints) {
                    String sep = names.endpoint(port, ep);
                    svc.append("-A ").append(svcChain).append(" -m comment --comment \"").append(port.displayName())
                            .append(" -> ").append(ep).append("\" -m recent --name ").append(sep)
                            .append(" --mask 255.255.255.255 --rsource --rcheck --seconds ").append(port.affinitySeconds())
                            .append(" --reap -j ").append(sep).append('\n');
                }
            }
            for (int i = 0; i < n; i++) {
                ProxiedPort.Endpoint ep = endpoints.get(i);
                String sep = names.endpoint(port, ep);
                svc.append("-A ").append(svcChain).append(" -m comment --comment \"").append(port.displayName())
                        .append(" -> ").append(ep).append('"');
                if (i < n - 1) {
                    svc.append(" -m statistic --mode random --probability ")
                            .append(String.format(Locale.ROOT, "%.10f", 1.0 / (n - i)));
                }
                svc.append(" -j ").append(sep).append('\n');
                StringBuilder sepRules = new StringBuilder();
                sepRules.append("-A ").append(sep).append(" -s ").append(ep.ip()).append("/32").append(comment)
                        .append(" -j ").append(names.markMasquerade).append('\n');
                sepRules.append("-A ").append(sep).append(match).append(comment);
                if (port.affinitySeconds() > 0) {
                    sepRules.append(" -m recent --name ").append(sep).append(" --mask 255.255.255.255 --rsource --set");
                }
                sepRules.append(" -m ").append(port.protocol()).append(" -j DNAT --to-destination ").append(ep).append('\n');
                wanted.put(sep, sepRules.toString());
            }
            wanted.put(svcChain, svc.toString());
        }

        StringBuilder markMasq = new StringBuilder();
        markMasq.append("-A ").append(names.markMasquerade).append(" -j MARK --or-mark ").append(MASQ_MARK).append('\n');
        StringBuilder masq = new StringBuilder();
        masq.append("-A ").append(names.masquerade).append(" -m mark ! --mark ").append(MASQ_MARK).append('/')
                .append(MASQ_MARK).append(" -j RETURN\n");
        // Clear the mark so that a packet passing through again (e.g. after encapsulation) is not masqueraded twice.
        masq.append("-A ").append(names.masquerade).append(" -j MARK --xor-mark ").append(MASQ_MARK).append('\n');
        masq.append("-A ").append(names.masquerade)
                .append(" -m comment --comment \"jctl service traffic requiring SNAT\" -j MASQUERADE\n");
        if (config.nodeIps().isEmpty()) {
            services.append("-A ").append(names.services).append(" -m comment --comment \"jctl service nodeports;")
                    .append(" NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j ")
                    .append(names.nodePorts).append('\n');
        } else {
            for (String ip : config.nodeIps()) {
                services.append("-A ").append(names.services).append(" -d ").append(ip).append("/32")
                        .append(" -m comment --comment \"jctl service nodeports\" -j ").append(names.nodePorts).append('\n');
            }
        }
        StringBuilder forward = new StringBuilder();
        forward.append("-A ").append(names.forward).append(" -m comment --comment \"jctl forwarding rules\" -m mark --mark ")
                .append(MASQ_MARK).append('/').append(MASQ_MARK).append(" -j ACCEPT\n");
        forward.append("-A ").append(names.forward)
                .append(" -m comment --comment \"jctl forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED")
                .append(" -j ACCEPT\n");

        // Every chain of ours, keyed "table chain"; the fixed ones first so that a script reads top-down.
        Map<String, String> all = new LinkedHashMap<>();
        all.put(NAT + names.services, services.toString());
        all.put(NAT + names.nodePorts, nodePorts.toString());
        all.put(NAT + names.markMasquerade, markMasq.toString());
        all.put(NAT + names.masquerade, masq.toString());
        wanted.forEach((chain, rules) -> all.put(NAT + chain, rules));
        all.put(FILTER + names.services, filterServices.toString());
        all.put(FILTER + names.externalServices, externalServices.toString());
        all.put(FILTER + names.forward, forward.toString());

        Set<String> stale = new TreeSet<>();
        if (full) {
            perServiceChains(saved).forEach(c -> stale.add(NAT + c));
        } else {
            stale.addAll(written.keySet());
        }
        stale.removeAll(all.keySet());
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (full || !e.getValue().equals(written.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        int perServiceWritten = (int) changed.stream().filter(k -> names.isPerServiceChain(k.substring(k.indexOf(' ') + 1))
                && k.startsWith(NAT)).count();

        StringBuilder script = new StringBuilder(1024 + services.length() * 2);
        for (String table : List.of(NAT, FILTER)) {
            List<String> tableChanged = changed.stream().filter(k -> k.startsWith(table)).toList();
            List<String> tableStale = stale.stream().filter(k -> k.startsWith(table)).toList();
            if (tableChanged.isEmpty() && tableStale.isEmpty() && !full) {
                continue; // an untouched table is left out: no commit, no cost
            }
            script.append('*').append(table.trim()).append('\n');
            // In name order: iptables-nft inserts each new chain into a sorted list, so random order
            // costs it a walk per chain (about 4x the CPU for 11000 chains).
            java.util.stream.Stream.concat(tableChanged.stream(), tableStale.stream()).map(ProxyRules::chainOf).sorted()
                    .forEach(c -> declare(script, c));
            if (full) {
                jumps(script, saved, table);
            }
            tableChanged.forEach(k -> script.append(all.get(k)));
            tableStale.forEach(k -> script.append("-X ").append(chainOf(k)).append('\n'));
            script.append("COMMIT\n");
        }
        return new Plan(script.toString(), all, perServiceWritten, stale.size());
    }

    private void jumps(StringBuilder script, SavedRules saved, String table) {
        if (table.equals(NAT)) {
            jumpIfMissing(script, saved, "nat", "PREROUTING", "-m comment --comment \"jctl service portals\"", names.services);
            jumpIfMissing(script, saved, "nat", "OUTPUT", "-m comment --comment \"jctl service portals\"", names.services);
            jumpIfMissing(script, saved, "nat", "POSTROUTING", "-m comment --comment \"jctl postrouting rules\"",
                    names.masquerade);
            return;
        }
        String newConn = "-m conntrack --ctstate NEW ";
        jumpIfMissing(script, saved, "filter", "INPUT",
                newConn + "-m comment --comment \"jctl externally-visible service portals\"", names.externalServices);
        jumpIfMissing(script, saved, "filter", "FORWARD",
                newConn + "-m comment --comment \"jctl service portals\"", names.services);
        jumpIfMissing(script, saved, "filter", "FORWARD",
                newConn + "-m comment --comment \"jctl externally-visible service portals\"", names.externalServices);
        jumpIfMissing(script, saved, "filter", "FORWARD", "-m comment --comment \"jctl forwarding rules\"",
                names.forward);
        jumpIfMissing(script, saved, "filter", "OUTPUT",
                newConn + "-m comment --comment \"jctl service portals\"", names.services);
    }

    private static String chainOf(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }

    /**
     * A script that removes every chain of ours and every jump to them, leaving all other rules
     * as they are; empty if there is nothing of ours.
     */
    String cleanup(SavedRules saved) {
        StringBuilder script = new StringBuilder();
        Map<String, List<String>> fixed = Map.of(
                "nat", List.of(names.services, names.nodePorts, names.markMasquerade, names.masquerade),
                "filter", List.of(names.services, names.externalServices, names.forward));
        for (String table : List.of("nat", "filter")) {
            Set<String> ours = new TreeSet<>();
            for (String chain : saved.chains(table)) {
                if (fixed.get(table).contains(chain) || ("nat".equals(table) && names.isPerServiceChain(chain))) {
                    ours.add(chain);
                }
            }
            StringBuilder body = new StringBuilder();
            for (String rule : saved.rules(table)) {
                String chain = rule.split(" ")[1];
                String target = rule.substring(rule.lastIndexOf(' ') + 1);
                if (!ours.contains(chain) && ours.contains(target) && rule.contains(" -j " + target)) {
                    body.append("-D").append(rule.substring(2)).append('\n');
                }
            }
            // Flushed first, all of them, so that no chain of ours is still referenced when it is deleted.
            ours.forEach(c -> body.insert(0, "-F " + c + "\n"));
            ours.forEach(c -> body.append("-X ").append(c).append('\n'));
            if (body.length() > 0) {
                script.append('*').append(table).append('\n').append(body).append("COMMIT\n");
            }
        }
        return script.toString();
    }

    private Set<String> perServiceChains(SavedRules saved) {
        Set<String> out = new TreeSet<>();
        for (String chain : saved.chains("nat")) {
            if (names.isPerServiceChain(chain)) {
                out.add(chain);
            }
        }
        return out;
    }

    private static void declare(StringBuilder script, String chain) {
        script.append(':').append(chain).append(" - [0:0]\n");
    }

    private static void jumpIfMissing(StringBuilder script, SavedRules saved, String table, String chain, String match,
                                      String target) {
        if (!saved.hasJump(table, chain, target)) {
            // First, so that services work even where other tools' rules would accept or redirect earlier.
            script.append("-I ").append(chain).append(' ').append(match).append(" -j ").append(target).append('\n');
        }
    }

    /**
     * @param script        the restore input
     * @param chains        every chain of ours ("table chain") and its rules once the script ran
     * @param chainsWritten per-service and per-endpoint chains (re)written
     */
    record Plan(String script, Map<String, String> chains, int chainsWritten, int chainsDeleted) {
    }
}
