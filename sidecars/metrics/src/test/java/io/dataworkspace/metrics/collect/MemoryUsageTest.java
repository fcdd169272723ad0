package io.dataworkspace.metrics.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.metrics.config.MemoryUsageMode;
import io.dataworkspace.metrics.ecs.ContainerStats.MemoryStats;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryUsageTest {

    private static MemoryStats stats(long usage, Map<String, Long> stats) {
        return new MemoryStats(OptionalLong.of(usage), OptionalLong.empty(), OptionalLong.empty(), stats);
    }

    @Test
    void shouldSubtractInactiveFileOnCgroupV2() {
        MemoryStats v2 = stats(1000, Map.of("anon", 600L, "file", 400L, "inactive_file", 300L, "cache", 999L));

        assertThat(MemoryUsage.bytes(v2, MemoryUsageMode.WORKING_SET)).hasValue(700);
    }

    @Test
    void shouldSubtractCacheOnCgroupV1() {
        MemoryStats v1 = stats(1000, Map.of("rss", 600L, "cache", 400L, "total_inactive_file", 100L));

        assertThat(MemoryUsage.bytes(v1, MemoryUsageMode.WORKING_SET)).hasValue(600);
    }

    @Test
    void shouldKeepUsageWhenTheReclaimableStatIsAbsentOrTooLarge() {
        assertThat(MemoryUsage.bytes(stats(1000, Map.of("anon", 1000L)), MemoryUsageMode.WORKING_SET)).hasValue(1000);
        assertThat(MemoryUsage.bytes(stats(1000, Map.of("cache", 5000L)), MemoryUsageMode.WORKING_SET)).hasValue(1000);
    }

    @Test
    void shouldReportRawUsageInRawMode() {
        assertThat(MemoryUsage.bytes(stats(1000, Map.of("anon", 1L, "inactive_file", 300L)), MemoryUsageMode.RAW))
                .hasValue(1000);
    }

    @Test
    void shouldBeAbsentWithoutUsage() {
        MemoryStats none = new MemoryStats(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of());

        assertThat(MemoryUsage.bytes(none, MemoryUsageMode.WORKING_SET)).isEmpty();
    }
}
