package io.dataworkspace.deploy.monitoring;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names and the label names of matchers in a PromQL expression (as written in alert rules and
 * Grafana targets). Enough of PromQL for our files: functions and aggregations are names followed by "(", grouping
 * clauses ({@code by (…)}, {@code on (…)}…) hold label names, strings and ranges hold no names.
 */
final class PromQl {
    private static final Pattern GRAFANA_INTERVAL = Pattern.compile("\\$__\\w+|\\$\\{__\\w+}");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    private PromQl() {
    }

    /** @return the metric names the expression reads */
    static Set<String> metricNames(String expr) {
        String s = OFFSET.matcher(GROUPING.matcher(RANGE.matcher(
                SELECTOR.matcher(strip(expr)).replaceAll("$1")).replaceAll("")).replaceAll("")).replaceAll("");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** @return metric name → label names its selectors match on (selectors without a name are ignored) */
    static Map<String, Set<String>> matcherLabels(String expr) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(withoutGrafanaVariables(expr));
        while (m.find()) {
            if (m.group(1) == null) {
                continue;
            }
            Set<String> names = labels.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher l = MATCHER.matcher(STRING.matcher(m.group(2)).replaceAll("\"\""));
            while (l.find()) {
                names.add(l.group(1));
            }
        }
        return labels;
    }

    private static String strip(String expr) {
        return STRING.matcher(withoutGrafanaVariables(expr)).replaceAll("\"\"");
    }

    private static String withoutGrafanaVariables(String expr) {
        return GRAFANA_VARIABLE.matcher(GRAFANA_INTERVAL.matcher(expr).replaceAll("5m")).replaceAll("x");
    }
}
