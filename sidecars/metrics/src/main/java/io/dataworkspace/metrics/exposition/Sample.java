package io.dataworkspace.metrics.exposition;

import java.util.Map;
import java.util.TreeMap;

/**
 * One series value.
 *
 * @param labels label names to values, kept sorted by name as client_golang writes them
 * @param value  the value
 */
public record Sample(Map<String, String> labels, double value) {

    /** Sorts and copies the labels. */
    public Sample {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /**
     * @param value the value
     * @return an unlabelled sample
     */
    public static Sample of(double value) {
        return new Sample(Map.of(), value);
    }

    /**
     * @param label the only label's name
     * @param labelValue its value
     * @param value the value
     * @return a sample with one label
     */
    public static Sample of(String label, String labelValue, double value) {
        return new Sample(Map.of(label, labelValue), value);
    }
}
