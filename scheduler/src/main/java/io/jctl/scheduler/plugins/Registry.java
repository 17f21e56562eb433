package io.jctl.scheduler.plugins;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.Plugin;
import io.jctl.scheduler.framework.ScorePlugin;
import io.jctl.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.jctl.scheduler.plugins.nodename.NodeName;
import io.jctl.scheduler.plugins.nodeports.NodePorts;
import io.jctl.scheduler.plugins.nodeready.NodeReady;
import io.jctl.scheduler.plugins.noderesources.BalancedAllocation;
import io.jctl.scheduler.plugins.noderesources.NodeResourcesFit;
import io.jctl.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.jctl.scheduler.plugins.selectorspread.SelectorSpread;
import io.jctl.scheduler.plugins.tainttoleration.TaintToleration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every plugin the scheduler knows, in the order kube-scheduler's default profile runs its
 * filters (the first failing filter is the one a node's reason comes from), with the default
 * score weights of that profile.
 */
public final class Registry {
    private Registry() {
    }

    /** Fresh instances of all plugins, filters in evaluation order. */
    public static List<Plugin> all() {
        return List.of(new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeReady(),
                new NodeAffinity(), new NodePorts(), new NodeResourcesFit(), new BalancedAllocation(),
                new SelectorSpread());
    }

    /** kube-scheduler's default weights; SelectorSpread stands in for PodTopologySpread's system default. */
    public static Map<String, Integer> defaultWeights() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put(NodeResourcesFit.NAME, 1);
        w.put(BalancedAllocation.NAME, 1);
        w.put(TaintToleration.NAME, 3);
        w.put(NodeAffinity.NAME, 2);
        w.put(SelectorSpread.NAME, 2);
        return w;
    }

    /** The default profile with some weights replaced; a weight of 0 turns a score plugin off. */
    public static Profile profile(Map<String, Integer> weightOverrides) {
        Map<String, Integer> weights = defaultWeights();
        for (Map.Entry<String, Integer> e : weightOverrides.entrySet()) {
            if (!weights.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown score plugin \"" + e.getKey() + "\"; known: "
                        + String.join(", ", weights.keySet()));
            }
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " must not be negative: " + e.getValue());
            }
            weights.put(e.getKey(), e.getValue());
        }
        List<FilterPlugin> filters = new ArrayList<>();
        List<Profile.WeightedScore> scores = new ArrayList<>();
        for (Plugin p : all()) {
            if (p instanceof FilterPlugin f) {
                filters.add(f);
            }
            if (p instanceof ScorePlugin s) {
                int w = weights.getOrDefault(s.name(), 0);
                if (w > 0) {
                    scores.add(new Profile.WeightedScore(s, w));
                }
            }
        }
        return new Profile(filters, scores);
    }

    public static Profile defaultProfile() {
        return profile(Map.of());
    }
}
