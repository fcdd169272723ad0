package io.dataworkspace.metrics.collect;

import io.dataworkspace.metrics.config.MemoryUsageMode;
import io.dataworkspace.metrics.ecs.ContainerStats.MemoryStats;
import java.util.OptionalLong;

/** Computes a container's memory usage from its Docker {@code memory_stats}. */
public final class MemoryUsage {

    private MemoryUsage() {
    }

    /**
     * In {@link MemoryUsageMode#WORKING_SET} mode: usage minus {@code inactive_file} on cgroup v2, minus
     * {@code cache} on cgroup v1 (what {@code docker stats} and the ECS agent report), the subtraction
     * skipped when the stat is absent or not smaller than usage. In {@link MemoryUsageMode#RAW}: usage.
     *
     * @param memory the container's memory stats
     * @param mode   which definition to use
     * @return usage in bytes, empty when the runtime reported no usage
     */
    public static OptionalLong bytes(MemoryStats memory, MemoryUsageMode mode) {
        if (memory.usage().isEmpty()) {
            return OptionalLong.empty();
        }
        long usage = memory.usage().getAsLong();
        if (mode == MemoryUsageMode.RAW) {
            return OptionalLong.of(usage);
        }
        Long reclaimable = memory.stats().get(memory.cgroupV2() ? "inactive_file" : "cache");
        if (reclaimable != null && reclaimable >= 0 && reclaimable < usage) {
            return OptionalLong.of(usage - reclaimable);
        }
        return OptionalLong.of(usage);
    }
}
