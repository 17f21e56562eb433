package io.jctl.scheduler.framework;

/**
 * Ranks feasible nodes for a pod: a score from 0 to {@link #MAX_SCORE} per node, optionally
 * normalized over all scored nodes, then multiplied by the plugin's weight.
 */
public interface ScorePlugin extends Plugin {
    long MAX_SCORE = 100;

    /** True when this plugin would give every node the same score for this pod, so it can be left out. */
    default boolean skipScore(PodInfo pod) {
        return false;
    }

    long score(PodInfo pod, NodeInfo node);

    /** Rewrites the raw scores of all scored nodes into 0..{@link #MAX_SCORE}; the default keeps them. */
    default void normalize(PodInfo pod, long[] scores) {
    }

    /**
     * kube-scheduler's {@code DefaultNormalizeScore}: scales so the highest is {@link #MAX_SCORE};
     * {@code reverse} turns "more is worse" counts into scores.
     */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, MAX_SCORE);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = MAX_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_SCORE - s : s;
        }
    }
}
