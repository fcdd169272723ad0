package io.dataworkspace.launcher.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code local:} section of a tool template: the command line, executables it needs, and extra environment.
 * Commands may use the placeholders {@code ${PORT} ${HOME} ${BASE_URL} ${USER_ID} ${INSTANCE_ID}}.
 */
record LocalToolSpec(List<String> command, List<String> requires, Map<String, String> environment) {
    static final Set<String> PLACEHOLDERS = Set.of("PORT", "HOME", "BASE_URL", "USER_ID", "INSTANCE_ID");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    /** Parses and validates; the exception message says what is wrong. */
    static LocalToolSpec parse(JsonNode node) {
        if (node.isMissingNode() || !node.isObject()) {
            throw new IllegalArgumentException("the template has no 'local:' section");
        }
        List<String> command = strings(node.path("command"), "local.command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("local.command: empty (expected: the program and its arguments)");
        }
        List<String> requires = node.has("requires") ? strings(node.get("requires"), "local.requires") : List.of();
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode env = node.path("env");
        if (!env.isMissingNode()) {
            if (!env.isObject()) {
                throw new IllegalArgumentException("local.env: expected a mapping of names to values");
            }
            env.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        }
        for (String part : command) {
            checkPlaceholders(part);
        }
        environment.values().forEach(LocalToolSpec::checkPlaceholders);
        return new LocalToolSpec(List.copyOf(command), List.copyOf(requires), Map.copyOf(environment));
    }

    /** The executables that must be on PATH: those listed under requires, else the command's program. */
    List<String> executables() {
        return requires.isEmpty() ? List.of(command.get(0)) : requires;
    }

    static String substitute(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void checkPlaceholders(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "} (expected one of "
                        + PLACEHOLDERS.stream().sorted().toList() + ")");
            }
        }
    }

    private static List<String> strings(JsonNode node, String key) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(key + ": expected a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode()) {
                throw new IllegalArgumentException(key + ": expected a list of strings, found " + item);
            }
            values.add(item.asText());
        }
        return values;
    }
}
