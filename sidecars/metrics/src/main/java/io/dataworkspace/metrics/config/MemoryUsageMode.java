package io.dataworkspace.metrics.config;

/** How {@code ecs_container_memory_usage_bytes} is computed from the Docker stats. */
public enum MemoryUsageMode {
    /**
     * Working set, as {@code docker stats} and the ECS agent report it: usage minus
     * {@code inactive_file} (cgroup v2) or minus {@code cache} (cgroup v1).
     */
    WORKING_SET,
    /** The runtime's raw {@code memory_stats.usage}, page cache included (current ecs_exporter). */
    RAW;

    static MemoryUsageMode parse(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "working_set" -> WORKING_SET;
            case "raw" -> RAW;
            default -> throw new ConfigException(
                    name + ": " + value + " (expected: working_set or raw)");
        };
    }
}
