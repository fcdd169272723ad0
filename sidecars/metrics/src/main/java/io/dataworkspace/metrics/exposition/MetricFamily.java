package io.dataworkspace.metrics.exposition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A metric name with its help, type and samples. A family without samples is not written at all,
 * so a series whose source failed is absent rather than stale or zero.
 *
 * @param name    metric name
 * @param help    one-line help
 * @param type    gauge or counter
 * @param samples the series
 */
public record MetricFamily(String name, String help, MetricType type, List<Sample> samples) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Validates the name and copies the samples. */
    public MetricFamily {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name: " + name + " (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        samples = List.copyOf(samples);
    }

    /**
     * Accumulates samples for a family before it is built.
     */
    public static final class Builder {
        private final String name;
        private final String help;
        private final MetricType type;
        private final List<Sample> samples = new ArrayList<>();

        /**
         * @param name metric name
         * @param help one-line help
         * @param type gauge or counter
         */
        public Builder(String name, String help, MetricType type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        /**
         * @param sample a series value
         * @return this
         */
        public Builder add(Sample sample) {
            samples.add(sample);
            return this;
        }

        /** @return the family */
        public MetricFamily build() {
            return new MetricFamily(name, help, type, samples);
        }
    }
}
