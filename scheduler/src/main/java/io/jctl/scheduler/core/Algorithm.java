package io.jctl.scheduler.core;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.Status;
import io.jctl.scheduler.plugins.Profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One scheduling decision, as kube-scheduler's {@code schedulePod}: run the filters over the
 * nodes, starting where the previous decision stopped, until enough feasible nodes are found
 * (a percentage of the cluster for large clusters); score those; take the best, breaking ties at
 * random. Not thread-safe: one scheduling loop owns it, and the nodes must not change while it runs.
 */
public final class Algorithm {
    /** kube-scheduler's {@code minFeasibleNodesToFind} and {@code minFeasibleNodesPercentageToFind}. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final Profile profile;
    private final FilterPlugin[] filters;
    private final int percentageOfNodesToScore;
    private final SplittableRandom random;
    private int nextStartNodeIndex;

    /** @param percentageOfNodesToScore 1..100, or 0 for kube-scheduler's adaptive default */
    public Algorithm(Profile profile, int percentageOfNodesToScore) {
        this(profile, percentageOfNodesToScore, new SplittableRandom());
    }

    public Algorithm(Profile profile, int percentageOfNodesToScore, SplittableRandom random) {
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0 (adaptive) to 100: "
                    + percentageOfNodesToScore);
        }
        this.profile = profile;
        this.filters = profile.filters().toArray(new FilterPlugin[0]);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.random = random;
    }

    /** How many feasible nodes to look for among {@code numAllNodes}: all of a small cluster, a share of a large one. */
    public static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int numNodes = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** Picks a node from {@code nodes} (all nodes of the cluster) or says why none fits. */
    public ScheduleResult schedule(PodInfo pod, List<NodeInfo> nodes) throws FitError {
        int all = nodes.size();
        if (all == 0) {
            throw new FitError(0, Map.of());
        }
        FilterPlugin[] active = activeFilters(pod);
        int toFind = numFeasibleNodesToFind(percentageOfNodesToScore, all);
        NodeInfo[] feasible = new NodeInfo[toFind];
        int found = 0;
        int processed = 0;
        Map<String, Integer> reasons = null;
        int start = nextStartNodeIndex % all;
        while (processed < all && found < toFind) {
            int i = start + processed;
            NodeInfo n = nodes.get(i >= all ? i - all : i);
            processed++;
            Status s = runFilters(active, pod, n);
            if (s.isSuccess()) {
                feasible[found++] = n;
            } else {
                if (reasons == null) {
                    reasons = new HashMap<>();
                }
                for (String r : s.reasons()) {
                    reasons.merge(r, 1, Integer::sum);
                }
            }
        }
        nextStartNodeIndex = (start + processed) % all;
        if (found == 0) {
            throw new FitError(all, reasons == null ? Map.of() : reasons);
        }
        if (found == 1) {
            return new ScheduleResult(feasible[0].name(), processed, 1);
        }
        long[] total = score(pod, feasible, found);
        return new ScheduleResult(feasible[selectHost(total, found)].name(), processed, found);
    }

    /** The first failing filter decides, as in kube-scheduler. */
    public Status runFilters(PodInfo pod, NodeInfo node) {
        return runFilters(filters, pod, node);
    }

    private static Status runFilters(FilterPlugin[] filters, PodInfo pod, NodeInfo node) {
        for (FilterPlugin f : filters) {
            Status s = f.filter(pod, node);
            if (!s.isSuccess()) {
                return s;
            }
        }
        return Status.SUCCESS;
    }

    /** The filters that can fail for this pod, in order. */
    private FilterPlugin[] activeFilters(PodInfo pod) {
        int n = 0;
        FilterPlugin[] active = new FilterPlugin[filters.length];
        for (FilterPlugin f : filters) {
            if (!f.skipFilter(pod)) {
                active[n++] = f;
            }
        }
        return n == filters.length ? filters : java.util.Arrays.copyOf(active, n);
    }

    /**
     * The weighted sum of every score plugin's normalized scores, per feasible node. Nodes are
     * the outer loop so each node's data is fetched from memory once for all plugins.
     */
    long[] score(PodInfo pod, NodeInfo[] nodes, int count) {
        List<Profile.WeightedScore> all = profile.scores();
        Profile.WeightedScore[] used = new Profile.WeightedScore[all.size()];
        int k = 0;
        for (Profile.WeightedScore ws : all) {
            if (!ws.plugin().skipScore(pod)) {
                used[k++] = ws;
            }
        }
        long[][] scores = new long[k][count];
        for (int i = 0; i < count; i++) {
            NodeInfo n = nodes[i];
            for (int p = 0; p < k; p++) {
                scores[p][i] = used[p].plugin().score(pod, n);
            }
        }
        long[] total = new long[count];
        for (int p = 0; p < k; p++) {
            used[p].plugin().normalize(pod, scores[p]);
            long w = used[p].weight();
            long[] s = scores[p];
            for (int i = 0; i < count; i++) {
                total[i] += s[i] * w;
            }
        }
        return total;
    }

    /** The index of the highest score; among equals each is equally likely (reservoir sampling). */
    int selectHost(long[] total, int count) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < count; i++) {
            if (total[i] > total[best]) {
                best = i;
                ties = 1;
            } else if (total[i] == total[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return best;
    }
}
