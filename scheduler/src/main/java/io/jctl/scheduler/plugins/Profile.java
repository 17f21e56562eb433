package io.jctl.scheduler.plugins;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.ScorePlugin;

import java.util.List;

/** The filters (in order) and weighted score plugins one scheduling decision runs. */
public record Profile(List<FilterPlugin> filters, List<WeightedScore> scores) {
    public Profile {
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
    }

    /** A score plugin and its weight (at least 1). */
    public record WeightedScore(ScorePlugin plugin, int weight) {
    }
}
