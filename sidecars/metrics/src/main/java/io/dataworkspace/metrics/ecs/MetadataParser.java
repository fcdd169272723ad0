package io.dataworkspace.metrics.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Turns the metadata endpoint's JSON into {@link TaskMetadata} and {@link TaskStats}.
 *
 * <p>Lenient about what it does not need (unknown and missing fields), strict about the shape of
 * what it does: a document that is not JSON, or whose containers are not what the documentation
 * shows, is a {@link MalformedMetadataException}. Thread-safe.
 */
public final class MetadataParser {

    /** Docker's zero time ({@code 0001-01-01T00:00:00Z}) is sent for containers never sampled. */
    private static final Instant EARLIEST_MEANINGFUL = Instant.EPOCH;

    private final JsonFactory factory = new JsonFactory();

    /**
     * @param json body of {@code /task}
     * @return the task metadata
     * @throws MalformedMetadataException when the body is not a task metadata document
     */
    public TaskMetadata parseTask(byte[] json) throws MalformedMetadataException {
        Map<?, ?> root = readObject(json, "task metadata");
        Object limits = root.get("Limits");
        Object containers = root.get("Containers");
        List<ContainerMetadata> list = new ArrayList<>();
        if (containers instanceof List<?> array) {
            for (Object c : array) {
                if (!(c instanceof Map<?, ?>)) {
                    throw new MalformedMetadataException("task metadata: a Containers entry is " + JsonTree.type(c)
                            + " (expected: an object)");
                }
                String dockerId = text(c, "DockerId");
                String name = text(c, "Name");
                if (dockerId.isEmpty() || name.isEmpty()) {
                    throw new MalformedMetadataException("task metadata: a container lacks DockerId or Name");
                }
                list.add(new ContainerMetadata(dockerId, name, text(c, "KnownStatus"),
                        longValue(JsonTree.member(JsonTree.member(c, "Limits"), "Memory")),
                        longValue(JsonTree.member(c, "RestartCount"))));
            }
        } else if (containers != null && containers != JsonTree.NULL) {
            throw new MalformedMetadataException("task metadata: Containers is " + JsonTree.type(containers)
                    + " (expected: an array)");
        }
        Object storage = root.get("EphemeralStorageMetrics");
        Optional<TaskMetadata.EphemeralStorage> ephemeral = Optional.empty();
        OptionalLong utilized = longValue(JsonTree.member(storage, "Utilized"));
        OptionalLong reserved = longValue(JsonTree.member(storage, "Reserved"));
        if (utilized.isPresent() && reserved.isPresent()) {
            ephemeral = Optional.of(new TaskMetadata.EphemeralStorage(utilized.getAsLong(), reserved.getAsLong()));
        }
        return new TaskMetadata(
                text(root, "Cluster"), text(root, "TaskARN"), text(root, "Family"), text(root, "Revision"),
                text(root, "DesiredStatus"), text(root, "KnownStatus"), text(root, "AvailabilityZone"),
                text(root, "LaunchType"),
                doubleValue(JsonTree.member(limits, "CPU")), longValue(JsonTree.member(limits, "Memory")),
                instant(root.get("PullStartedAt")), instant(root.get("PullStoppedAt")),
                ephemeral, list);
    }

    /**
     * @param json body of {@code /task/stats}
     * @return stats by Docker id; JSON nulls (stopped containers) become empty Optionals
     * @throws MalformedMetadataException when the body is not a task stats document
     */
    public TaskStats parseStats(byte[] json) throws MalformedMetadataException {
        Map<?, ?> root = readObject(json, "task stats");
        Map<String, Optional<ContainerStats>> byId = new HashMap<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            Object s = e.getValue();
            String id = (String) e.getKey();
            if (s == JsonTree.NULL) {
                byId.put(id, Optional.empty());
            } else if (s instanceof Map<?, ?> object) {
                byId.put(id, Optional.of(containerStats(object)));
            } else {
                throw new MalformedMetadataException("task stats: entry " + id + " is " + JsonTree.type(s)
                        + " (expected: an object or null)");
            }
        }
        return new TaskStats(byId);
    }

    private static ContainerStats containerStats(Map<?, ?> s) {
        Object memory = s.get("memory_stats");
        Map<String, Long> memStats = new HashMap<>();
        if (JsonTree.member(memory, "stats") instanceof Map<?, ?> stats) {
            stats.forEach((k, v) -> {
                if (v instanceof Long l) {
                    memStats.put((String) k, l);
                }
            });
        }
        Map<String, ContainerStats.NetworkStats> networks = new LinkedHashMap<>();
        if (s.get("networks") instanceof Map<?, ?> nets) {
            nets.forEach((k, n) -> {
                if (n instanceof Map<?, ?>) {
                    networks.put((String) k, new ContainerStats.NetworkStats(
                            counter(n, "rx_bytes"), counter(n, "rx_packets"), counter(n, "rx_errors"),
                            counter(n, "rx_dropped"), counter(n, "tx_bytes"), counter(n, "tx_packets"),
                            counter(n, "tx_errors"), counter(n, "tx_dropped")));
                }
            });
        }
        Optional<Instant> read = instant(s.get("read")).filter(t -> t.isAfter(EARLIEST_MEANINGFUL));
        Object cpuUsage = JsonTree.member(JsonTree.member(s, "cpu_stats"), "cpu_usage");
        return new ContainerStats(read,
                longValue(JsonTree.member(cpuUsage, "total_usage")),
                new ContainerStats.MemoryStats(longValue(JsonTree.member(memory, "usage")),
                        longValue(JsonTree.member(memory, "max_usage")),
                        longValue(JsonTree.member(memory, "failcnt")), memStats),
                networks);
    }

    private Map<?, ?> readObject(byte[] json, String what) throws MalformedMetadataException {
        Object root = JsonTree.parse(factory, json, what);
        if (root instanceof Map<?, ?> map) {
            return map;
        }
        throw new MalformedMetadataException(what + ": expected a JSON object, got " + JsonTree.type(root));
    }

    private static String text(Object node, String field) {
        Object v = JsonTree.member(node, field);
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "";
    }

    private static long counter(Object node, String field) {
        return longValue(JsonTree.member(node, field)).orElse(0L);
    }

    private static OptionalLong longValue(Object v) {
        if (v instanceof Long l) {
            return OptionalLong.of(l);
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e18) {
            return OptionalLong.of(d.longValue());
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return OptionalLong.of(b.longValue());
        }
        return OptionalLong.empty();
    }

    private static OptionalDouble doubleValue(Object v) {
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    private static Optional<Instant> instant(Object v) {
        if (!(v instanceof String s) || s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
