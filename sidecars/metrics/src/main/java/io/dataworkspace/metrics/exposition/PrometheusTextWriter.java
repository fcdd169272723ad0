package io.dataworkspace.metrics.exposition;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format 0.0.4: families sorted by name, samples in the
 * order given, label values escaped, empty families omitted.
 */
public final class PrometheusTextWriter {

    /** The content type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * @param families the families to write (any order)
     * @return the exposition text
     */
    public String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(4096);
        families.stream()
                .filter(f -> !f.samples().isEmpty())
                .sorted(Comparator.comparing(MetricFamily::name))
                .forEach(f -> writeFamily(out, f));
        return out.toString();
    }

    private static void writeFamily(StringBuilder out, MetricFamily f) {
        out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
        out.append("# TYPE ").append(f.name()).append(' ').append(f.type().text()).append('\n');
        for (Sample s : f.samples()) {
            out.append(f.name());
            if (!s.labels().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : s.labels().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                }
                out.append('}');
            }
            out.append(' ').append(format(s.value())).append('\n');
        }
    }

    /**
     * Formats a value: integers up to 2^53 without exponent or fraction, others as Java's shortest repr.
     *
     * @param v the value
     * @return its text
     */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) <= 9.007199254740992E15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String escapeLabel(String v) {
        if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
