package io.dataworkspace.metrics.collect;

import io.dataworkspace.metrics.exposition.MetricFamily;
import java.util.List;

/**
 * What one collection produced.
 *
 * @param families             the ecs_* families (possibly without samples)
 * @param containersWithoutStats exported (not skipped) containers whose stats were null or missing
 */
public record Collected(List<MetricFamily> families, List<String> containersWithoutStats) {

    /** Copies the lists. */
    public Collected {
        families = List.copyOf(families);
        containersWithoutStats = List.copyOf(containersWithoutStats);
    }
}
