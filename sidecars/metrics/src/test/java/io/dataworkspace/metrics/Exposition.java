package io.dataworkspace.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition, strict enough to catch format errors: every sample must be
 * {@code name{labels} value} with a TYPE declared before it, and no series may repeat.
 *
 * @param samples series ({@code name{l="v",...}}) to values
 * @param types   family names to their TYPE
 */
public record Exposition(Map<String, Double> samples, Map<String, String> types) {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (\\S+)");

    /**
     * @param text the body of /metrics
     * @return the parsed exposition
     */
    public static Exposition parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(types.put(parts[2], parts[3])).as("TYPE declared twice: %s", line).isNull();
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("not a sample line: %s", line).isTrue();
                assertThat(types).as("sample before its TYPE: %s", line).containsKey(m.group(1));
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                String v = m.group(3);
                double value = switch (v) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v);
                };
                assertThat(samples.put(key, value)).as("series repeated: %s", line).isNull();
            }
        }
        return new Exposition(samples, types);
    }

    /**
     * @param series {@code name} or {@code name{labels}} exactly as written
     * @return its value
     */
    public double value(String series) {
        assertThat(samples).as("series present").containsKey(series);
        return samples.get(series);
    }

    /** @return the names of the families with at least one sample */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(k -> names.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
        return names;
    }

    /**
     * @param prefix a name prefix
     * @return whether any series starts with it
     */
    public boolean hasAny(String prefix) {
        return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
}
