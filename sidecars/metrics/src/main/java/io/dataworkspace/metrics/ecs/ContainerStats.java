package io.dataworkspace.metrics.ecs;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Docker stats of one running container, as found in {@code /task/stats}.
 *
 * @param read          when the runtime took this sample (Docker's {@code read}), if meaningful
 * @param cpuTotalNanos {@code cpu_stats.cpu_usage.total_usage}: cumulative CPU time in nanoseconds
 * @param memory        {@code memory_stats}
 * @param networks      {@code networks}, by interface name
 */
public record ContainerStats(
        Optional<Instant> read,
        OptionalLong cpuTotalNanos,
        MemoryStats memory,
        Map<String, NetworkStats> networks) {

    /** Copies the network map. */
    public ContainerStats {
        networks = Map.copyOf(networks);
    }

    /**
     * {@code memory_stats}. On Fargate {@code limit} is the host's, not the container's, so it is not kept.
     *
     * @param usage    {@code usage}: charged memory, page cache included
     * @param maxUsage {@code max_usage} (cgroup v1 only)
     * @param failcnt  {@code failcnt} (cgroup v1 only)
     * @param stats    {@code stats}: the cgroup's memory.stat counters
     */
    public record MemoryStats(OptionalLong usage, OptionalLong maxUsage, OptionalLong failcnt, Map<String, Long> stats) {

        /** Copies the stats map. */
        public MemoryStats {
            stats = Map.copyOf(stats);
        }

        /** Moby's cgroup v2 stats always carry {@code anon}; its v1 stats never do. */
        public boolean cgroupV2() {
            return stats.containsKey("anon");
        }
    }

    /**
     * One interface's counters from {@code networks}.
     *
     * @param rxBytes   received bytes
     * @param rxPackets received packets
     * @param rxErrors  receive errors
     * @param rxDropped packets dropped on receive
     * @param txBytes   transmitted bytes
     * @param txPackets transmitted packets
     * @param txErrors  transmit errors
     * @param txDropped packets dropped on transmit
     */
    public record NetworkStats(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                               long txBytes, long txPackets, long txErrors, long txDropped) {
    }
}
