package io.dataworkspace.launcher.tool;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataworkspace.launcher.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads tool templates from a YAML or JSON file:
 *
 * <pre>
 * tools:
 *   - slug: jupyter
 *     name: Jupyter Notebook
 *     backend: local
 *     healthPath: /api
 *     cpu: 1            # vCPUs
 *     memory: 2048      # MiB
 *     sizes:            # optional: sizes users may choose when starting (default: only cpu/memory above)
 *       - {name: large, cpu: 4, memory: 16384}
 *     idleTimeout: 1h
 *     maxLifetime: 24h
 *     local:
 *       command: [jupyter-notebook, "--port=${PORT}"]
 * </pre>
 *
 * Unknown keys are errors (a typo must not silently drop a limit).
 */
public final class ToolCatalogFile {
    private static final String BUILT_IN = "/io/dataworkspace/launcher/tool/default-tools.yaml";
    private static final Set<String> KEYS = Set.of("slug", "name", "description", "kind", "backend", "port",
            "healthPath", "cpu", "memory", "idleTimeout", "maxLifetime", "startupTimeout", "enabled", "sizes");
    private static final Set<String> BACKEND_SECTIONS = Set.of("local", "fargate");

    private ToolCatalogFile() {
    }

    public static List<ToolTemplate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ToolCatalogException("tool templates file " + file + " does not exist");
        } catch (IOException e) {
            throw new ToolCatalogException("cannot read tool templates file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The templates shipped with the platform: Jupyter Notebook, JupyterLab, RStudio. */
    public static List<ToolTemplate> builtIn() {
        try (InputStream in = ToolCatalogFile.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new ToolCatalogException("built-in tool templates are missing from the jar");
            }
            return parse(in, "built-in tool templates");
        } catch (IOException e) {
            throw new ToolCatalogException("cannot read built-in tool templates: " + e.getMessage(), e);
        }
    }

    /** Parses templates from YAML or JSON; {@code source} names the input in error messages. */
    public static List<ToolTemplate> parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ToolCatalogException(source + ": not valid YAML or JSON" + where + ": " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new ToolCatalogException(source + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("tools").isArray()) {
            throw new ToolCatalogException(source + ": expected a top-level 'tools:' list");
        }
        List<ToolTemplate> tools = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("tools")) {
            String where = source + ": tools[" + index + "]";
            ToolTemplate tool;
            try {
                tool = toTemplate(node);
            } catch (IllegalArgumentException e) {
                throw new ToolCatalogException(where + ": " + e.getMessage(), e);
            }
            if (!slugs.add(tool.slug())) {
                throw new ToolCatalogException(where + ": duplicate slug \"" + tool.slug() + "\"");
            }
            tools.add(tool);
            index++;
        }
        return List.copyOf(tools);
    }

    private static ToolTemplate toTemplate(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a mapping of tool settings");
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (BACKEND_SECTIONS.contains(key)) {
                spec.set(key, node.get(key));
            } else if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" (expected one of " + sorted(KEYS)
                        + " or a backend section " + sorted(BACKEND_SECTIONS) + ")");
            }
        }
        String slug = required(node, "slug");
        String backend = text(node, "backend", "local");
        if (!spec.has(backend)) {
            throw new IllegalArgumentException("backend \"" + backend + "\" has no '" + backend + ":' section");
        }
        return new ToolTemplate(
                slug,
                required(node, "name"),
                text(node, "description", ""),
                kind(text(node, "kind", "tool")),
                backend,
                spec,
                integer(node, "port", 8888),
                text(node, "healthPath", "/"),
                (int) Math.round(decimal(node, "cpu", 1.0) * 1000),
                integer(node, "memory", 2048),
                duration(node, "idleTimeout", Duration.ofHours(1)),
                duration(node, "maxLifetime", Duration.ofHours(24)),
                duration(node, "startupTimeout", Duration.ofMinutes(2)),
                !node.has("enabled") || node.get("enabled").asBoolean(),
                Optional.empty(),
                sizes(node.get("sizes")));
    }

    private static List<ToolSize> sizes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("sizes: " + node + " (expected: a list of {name, cpu, memory})");
        }
        List<ToolSize> sizes = new ArrayList<>();
        for (JsonNode size : node) {
            if (!size.isObject()) {
                throw new IllegalArgumentException("sizes: " + size + " (expected: a mapping {name, cpu, memory})");
            }
            for (Iterator<String> it = size.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!Set.of("name", "cpu", "memory").contains(key)) {
                    throw new IllegalArgumentException("sizes: unknown key \"" + key
                            + "\" (expected: name, cpu, memory)");
                }
            }
            if (!size.has("cpu") || !size.has("memory")) {
                throw new IllegalArgumentException("sizes: " + size + " (expected: name, cpu and memory)");
            }
            sizes.add(new ToolSize(required(size, "name"), (int) Math.round(decimal(size, "cpu", 1.0) * 1000),
                    integer(size, "memory", 0)));
        }
        return sizes;
    }

    private static ToolKind kind(String raw) {
        return switch (raw) {
            case "tool" -> ToolKind.TOOL;
            case "visualisation" -> ToolKind.VISUALISATION;
            default -> throw new IllegalArgumentException("kind: \"" + raw + "\" (expected: tool or visualisation)");
        };
    }

    private static String required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(key + ": missing (expected: a non-empty string)");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a string)");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a whole number)");
        }
        return value.asInt();
    }

    private static double decimal(JsonNode node, String key, double fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() <= 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a number > 0)");
        }
        return value.asDouble();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed = value.isTextual() ? Env.parseDuration(value.asText()) : null;
        if (parsed == null || parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a duration such as 90s, 30m, 8h, 2d)");
        }
        return parsed;
    }

    private static String sorted(Set<String> keys) {
        return keys.stream().sorted().toList().toString();
    }
}
