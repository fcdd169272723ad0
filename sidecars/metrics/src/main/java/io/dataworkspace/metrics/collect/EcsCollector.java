package io.dataworkspace.metrics.collect;

import static io.dataworkspace.metrics.exposition.MetricType.COUNTER;
import static io.dataworkspace.metrics.exposition.MetricType.GAUGE;

import io.dataworkspace.metrics.config.MemoryUsageMode;
import io.dataworkspace.metrics.ecs.ContainerMetadata;
import io.dataworkspace.metrics.ecs.ContainerStats;
import io.dataworkspace.metrics.ecs.ContainerStats.NetworkStats;
import io.dataworkspace.metrics.ecs.Snapshot;
import io.dataworkspace.metrics.ecs.TaskMetadata;
import io.dataworkspace.metrics.ecs.TaskStats;
import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.MetricType;
import io.dataworkspace.metrics.exposition.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Builds the ecs_* series of prometheus-community's ecs_exporter from one {@link Snapshot}: same
 * names, same labels ({@code container_name}, {@code interface}, and the task info labels).
 *
 * <p>Per-container series skip the configured sidecar names. Network series are per interface, which
 * belongs to the task, so they are taken from every container that has stats (the values are equal).
 */
public final class EcsCollector {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final long MIB = 1024L * 1024L;
    private static final String CONTAINER = "container_name";
    private static final String INTERFACE = "interface";

    /** A memory.stat counter exported under the same name for both cgroup versions. */
    private record MemoryStat(String name, String help, MetricType type, String v1Key, String v2Key) {
    }

    private static final List<MemoryStat> MEMORY_STATS = List.of(
            new MemoryStat("ecs_container_memory_page_cache_size_bytes",
                    "Page cache charged to the container, in bytes (tmpfs and shared memory included).", GAUGE, "cache", "file"),
            new MemoryStat("ecs_container_memory_anonymous_bytes",
                    "Anonymous memory charged to the container, in bytes.", GAUGE, "rss", "anon"),
            new MemoryStat("ecs_container_memory_anonymous_thp_bytes",
                    "Anonymous memory in transparent huge pages, in bytes.", GAUGE, "rss_huge", "anon_thp"),
            new MemoryStat("ecs_container_memory_mapped_file_bytes",
                    "Memory-mapped file memory charged to the container, in bytes.", GAUGE, "mapped_file", "file_mapped"),
            new MemoryStat("ecs_container_memory_active_file_bytes",
                    "Memory on the active file LRU list, in bytes.", GAUGE, "active_file", "active_file"),
            new MemoryStat("ecs_container_memory_inactive_file_bytes",
                    "Memory on the inactive file LRU list, in bytes.", GAUGE, "inactive_file", "inactive_file"),
            new MemoryStat("ecs_container_memory_dirty_bytes",
                    "Dirty memory waiting for writeback, in bytes.", GAUGE, "dirty", "file_dirty"),
            new MemoryStat("ecs_container_memory_writeback_bytes",
                    "Memory under writeback, in bytes.", GAUGE, "writeback", "file_writeback"),
            new MemoryStat("ecs_container_memory_unevictable_bytes",
                    "Memory on the unevictable LRU list, in bytes.", GAUGE, "unevictable", "unevictable"),
            new MemoryStat("ecs_container_memory_shared_bytes",
                    "tmpfs and shared memory charged to the container, in bytes (cgroup v2 only).", GAUGE, null, "shmem"),
            new MemoryStat("ecs_container_memory_kernel_stack_bytes",
                    "Kernel stack memory, in bytes (cgroup v2 only).", GAUGE, null, "kernel_stack"),
            new MemoryStat("ecs_container_memory_socket_bytes",
                    "Network buffer memory, in bytes (cgroup v2 only).", GAUGE, null, "sock"),
            new MemoryStat("ecs_container_memory_slab_reclaimable_bytes",
                    "Reclaimable kernel slab memory, in bytes (cgroup v2 only).", GAUGE, null, "slab_reclaimable"),
            new MemoryStat("ecs_container_memory_slab_unreclaimable_bytes",
                    "Unreclaimable kernel slab memory, in bytes (cgroup v2 only).", GAUGE, null, "slab_unreclaimable"),
            new MemoryStat("ecs_container_memory_page_faults_total",
                    "Page faults of the container's cgroup, major ones included.", COUNTER, "pgfault", "pgfault"),
            new MemoryStat("ecs_container_memory_major_page_faults_total",
                    "Major page faults of the container's cgroup.", COUNTER, "pgmajfault", "pgmajfault"),
            new MemoryStat("ecs_container_memory_pages_scanned_total",
                    "Pages scanned on the inactive LRU list (cgroup v2 only).", COUNTER, null, "pgscan"),
            new MemoryStat("ecs_container_memory_pages_reclaimed_total",
                    "Pages reclaimed (cgroup v2 only).", COUNTER, null, "pgsteal"));

    /** A per-interface counter. */
    private record NetworkCounter(String name, String help, ToLongFunction<NetworkStats> value) {
    }

    private static final List<NetworkCounter> NETWORK_COUNTERS = List.of(
            new NetworkCounter("ecs_network_receive_bytes_total", "Bytes received.", NetworkStats::rxBytes),
            new NetworkCounter("ecs_network_receive_packets_total", "Packets received.", NetworkStats::rxPackets),
            new NetworkCounter("ecs_network_receive_packets_dropped_total",
                    "Packets dropped while receiving.", NetworkStats::rxDropped),
            new NetworkCounter("ecs_network_receive_errors_total", "Errors while receiving.", NetworkStats::rxErrors),
            new NetworkCounter("ecs_network_transmit_bytes_total", "Bytes transmitted.", NetworkStats::txBytes),
            new NetworkCounter("ecs_network_transmit_packets_total", "Packets transmitted.", NetworkStats::txPackets),
            new NetworkCounter("ecs_network_transmit_packets_dropped_total",
                    "Packets dropped while transmitting.", NetworkStats::txDropped),
            new NetworkCounter("ecs_network_transmit_errors_total", "Errors while transmitting.", NetworkStats::txErrors));

    private final Set<String> skipContainers;
    private final MemoryUsageMode memoryUsageMode;

    /**
     * @param skipContainers  container names without per-container series
     * @param memoryUsageMode how memory usage is computed
     */
    public EcsCollector(Set<String> skipContainers, MemoryUsageMode memoryUsageMode) {
        this.skipContainers = Set.copyOf(skipContainers);
        this.memoryUsageMode = memoryUsageMode;
    }

    /**
     * @param name a container name
     * @return whether its per-container series are exported
     */
    public boolean exported(String name) {
        return !skipContainers.contains(name);
    }

    /**
     * @param snapshot one collection
     * @return the families, empty when the task metadata is unavailable
     */
    public Collected collect(Snapshot snapshot) {
        if (snapshot instanceof Snapshot.Unavailable) {
            return new Collected(List.of(), List.of());
        }
        if (snapshot instanceof Snapshot.TaskOnly taskOnly) {
            return new Collected(taskFamilies(taskOnly.task()), List.of());
        }
        Snapshot.Complete complete = (Snapshot.Complete) snapshot;
        List<MetricFamily> families = new ArrayList<>(taskFamilies(complete.task()));
        List<String> missing = new ArrayList<>();
        families.addAll(containerFamilies(complete.task(), complete.stats(), missing));
        families.addAll(networkFamilies(complete.task(), complete.stats()));
        return new Collected(families, missing);
    }

    private static List<MetricFamily> taskFamilies(TaskMetadata task) {
        List<MetricFamily> families = new ArrayList<>();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("cluster", task.cluster());
        info.put("task_arn", task.taskArn());
        info.put("family", task.family());
        info.put("revision", task.revision());
        info.put("desired_status", task.desiredStatus());
        info.put("known_status", task.knownStatus());
        info.put("availability_zone", task.availabilityZone());
        info.put("launch_type", task.launchType());
        families.add(new MetricFamily("ecs_task_metadata_info",
                "ECS task metadata from the task metadata endpoint v4.", GAUGE, List.of(new Sample(info, 1))));
        task.cpuLimitVcpus().ifPresent(v -> families.add(single("ecs_task_cpu_limit_vcpus",
                "Task CPU limit in vCPUs (1 vCPU = 1024 CPU units); absent when the task sets none.", v)));
        task.memoryLimitMiB().ifPresent(v -> families.add(single("ecs_task_memory_limit_bytes",
                "Task memory limit in bytes; absent when the task sets none.", (double) v * MIB)));
        task.ephemeralStorage().ifPresent(s -> {
            families.add(single("ecs_task_ephemeral_storage_used_bytes",
                    "Fargate ephemeral storage in use, in bytes.", (double) s.utilizedMiB() * MIB));
            families.add(single("ecs_task_ephemeral_storage_allocated_bytes",
                    "Fargate ephemeral storage allocated, in bytes.", (double) s.reservedMiB() * MIB));
        });
        task.pullStartedAt().ifPresent(t -> families.add(single("ecs_task_image_pull_start_timestamp_seconds",
                "When the task started pulling its container images, in Unix seconds.", seconds(t))));
        task.pullStoppedAt().ifPresent(t -> families.add(single("ecs_task_image_pull_stop_timestamp_seconds",
                "When the task finished pulling its container images, in Unix seconds.", seconds(t))));
        return families;
    }

    private List<MetricFamily> containerFamilies(TaskMetadata task, TaskStats stats, List<String> missing) {
        MetricFamily.Builder restarts = new MetricFamily.Builder("ecs_container_restarts_total",
                "Container restarts; only present when the container has a restart policy.", COUNTER);
        MetricFamily.Builder cpu = new MetricFamily.Builder("ecs_container_cpu_usage_seconds_total",
                "Cumulative CPU time used by the container, in seconds.", COUNTER);
        MetricFamily.Builder usage = new MetricFamily.Builder("ecs_container_memory_usage_bytes",
                memoryUsageMode == MemoryUsageMode.RAW
                        ? "Container memory usage reported by the runtime, page cache included, in bytes."
                        : "Container memory working set in bytes: usage minus inactive_file (cgroup v2) or cache (cgroup v1).",
                GAUGE);
        MetricFamily.Builder maxUsage = new MetricFamily.Builder("ecs_container_memory_max_usage_bytes",
                "Maximum memory usage recorded by the runtime, in bytes (cgroup v1 only).", GAUGE);
        MetricFamily.Builder limit = new MetricFamily.Builder("ecs_container_memory_limit_bytes",
                "Memory limit of the container from the task definition, in bytes: the container's own limit "
                        + "when positive, otherwise the task's.", GAUGE);
        MetricFamily.Builder limitFailures = new MetricFamily.Builder("ecs_container_memory_limit_failures_total",
                "Times the container's memory charge hit its limit (cgroup v1 only; not an OOM kill count).", COUNTER);
        Map<MemoryStat, MetricFamily.Builder> memory = new LinkedHashMap<>();
        MEMORY_STATS.forEach(m -> memory.put(m, new MetricFamily.Builder(m.name(), m.help(), m.type())));

        for (ContainerMetadata c : task.containers()) {
            if (!exported(c.name())) {
                continue;
            }
            Optional<ContainerStats> found = stats.forContainer(c.dockerId());
            if (found.isEmpty()) {
                missing.add(c.name());
                continue;
            }
            ContainerStats s = found.get();
            String name = c.name();
            c.restartCount().ifPresent(v -> restarts.add(Sample.of(CONTAINER, name, v)));
            s.cpuTotalNanos().ifPresent(v -> cpu.add(Sample.of(CONTAINER, name, v / NANOS_PER_SECOND)));
            MemoryUsage.bytes(s.memory(), memoryUsageMode).ifPresent(v -> usage.add(Sample.of(CONTAINER, name, v)));
            s.memory().maxUsage().ifPresent(v -> {
                if (v > 0) {
                    maxUsage.add(Sample.of(CONTAINER, name, v));
                }
            });
            memoryLimitMiB(c, task).ifPresent(v -> limit.add(Sample.of(CONTAINER, name, (double) v * MIB)));
            boolean v2 = s.memory().cgroupV2();
            if (!v2) {
                limitFailures.add(Sample.of(CONTAINER, name, s.memory().failcnt().orElse(0L)));
            }
            for (Map.Entry<MemoryStat, MetricFamily.Builder> e : memory.entrySet()) {
                memoryStat(s.memory().stats(), v2, e.getKey())
                        .ifPresent(v -> e.getValue().add(Sample.of(CONTAINER, name, v)));
            }
        }
        List<MetricFamily> families = new ArrayList<>(List.of(restarts.build(), cpu.build(), usage.build(),
                maxUsage.build(), limit.build(), limitFailures.build()));
        memory.values().forEach(b -> families.add(b.build()));
        return families;
    }

    /** Container limit when positive (Fargate's stats {@code limit} is the host's and is ignored), else task's. */
    private static OptionalLong memoryLimitMiB(ContainerMetadata c, TaskMetadata task) {
        if (c.memoryLimitMiB().isPresent() && c.memoryLimitMiB().getAsLong() > 0) {
            return c.memoryLimitMiB();
        }
        if (task.memoryLimitMiB().isPresent() && task.memoryLimitMiB().getAsLong() > 0) {
            return task.memoryLimitMiB();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong memoryStat(Map<String, Long> stats, boolean cgroupV2, MemoryStat stat) {
        String key = cgroupV2 ? stat.v2Key() : stat.v1Key();
        if (key == null) {
            return OptionalLong.empty();
        }
        Long value = cgroupV2 ? stats.get(key) : stats.getOrDefault("total_" + key, stats.get(key));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static List<MetricFamily> networkFamilies(TaskMetadata task, TaskStats stats) {
        Map<String, NetworkStats> byInterface = new LinkedHashMap<>();
        for (ContainerMetadata c : task.containers()) {
            stats.forContainer(c.dockerId()).ifPresent(s -> byInterface.putAll(s.networks()));
        }
        List<MetricFamily> families = new ArrayList<>();
        for (NetworkCounter counter : NETWORK_COUNTERS) {
            MetricFamily.Builder b = new MetricFamily.Builder(counter.name(), counter.help(), COUNTER);
            byInterface.forEach((iface, n) -> b.add(Sample.of(INTERFACE, iface, counter.value().applyAsLong(n))));
            families.add(b.build());
        }
        return families;
    }

    private static MetricFamily single(String name, String help, double value) {
        return new MetricFamily(name, help, GAUGE, List.of(Sample.of(value)));
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / NANOS_PER_SECOND;
    }
}
