package io.jctl.agent.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code iptables-save} output: chains and {@code -A} rules per table. */
record SavedRules(Map<String, Set<String>> chains, Map<String, List<String>> rules) {
    static SavedRules parse(String save) {
        Map<String, Set<String>> chains = new HashMap<>();
        Map<String, List<String>> rules = new HashMap<>();
        String table = "";
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1).trim();
            } else if (line.startsWith(":")) {
                chains.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(line.substring(1).split(" ")[0]);
            } else if (line.startsWith("-A ")) {
                rules.computeIfAbsent(table, t -> new ArrayList<>()).add(line.trim());
            }
        }
        return new SavedRules(chains, rules);
    }

    static SavedRules empty() {
        return new SavedRules(Map.of(), Map.of());
    }

    boolean hasChain(String table, String chain) {
        return chains.getOrDefault(table, Set.of()).contains(chain);
    }

    Set<String> chains(String table) {
        return chains.getOrDefault(table, Set.of());
    }

    List<String> rules(String table) {
        return rules.getOrDefault(table, List.of());
    }

    /** Whether {@code chain} holds a rule jumping to {@code target}. */
    boolean hasJump(String table, String chain, String target) {
        String start = "-A " + chain + " ";
        String end = "-j " + target;
        return rules(table).stream().anyMatch(r -> r.startsWith(start) && r.endsWith(end));
    }
}
