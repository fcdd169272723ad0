package io.dataworkspace.launcher.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolSize;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a tool template from a POST or PATCH /tools body: on POST every field not given takes the default of the
 * templates file; on PATCH it keeps the current value. Every invalid field is a 400 naming it.
 */
final class ToolBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("slug", "name", "description", "kind", "backend", "spec", "port",
            "healthPath", "cpuMillicores", "memoryMb", "idleTimeoutSeconds", "maxLifetimeSeconds",
            "startupTimeoutSeconds", "enabled", "access", "sizes");

    private ToolBody() {
    }

    /** A new template from a POST body. */
    static ToolTemplate create(JsonObject body) {
        checkKeys(body);
        String slug = ApiCalls.requiredString(body, "slug");
        if (!slug.matches("[a-z][a-z0-9]{0,30}")) {
            throw ApiException.badRequest("slug: \"" + slug + "\" (expected: a lower-case letter then up to 30 "
                    + "lower-case letters or digits)");
        }
        String name = ApiCalls.requiredString(body, "name");
        if (!body.containsKey("spec")) {
            throw ApiException.badRequest("spec: missing (expected: an object with a section per backend, e.g. "
                    + "{\"local\": {\"command\": [...]}})");
        }
        ToolTemplate defaults = new ToolTemplate(slug, name, "", ToolKind.TOOL, "local",
                JSON.createObjectNode().set("local", JSON.createObjectNode()), 8888, "/", 1000, 2048,
                Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(2), true, Optional.empty());
        return merge(defaults, body);
    }

    /** The current template with the fields of a PATCH body applied; {@code slug} cannot change. */
    static ToolTemplate merge(ToolTemplate current, JsonObject body) {
        checkKeys(body);
        String slug = ApiCalls.string(body, "slug");
        if (slug != null && !slug.equals(current.slug())) {
            throw ApiException.badRequest("slug: \"" + slug + "\" (expected: " + current.slug()
                    + "; a tool's slug cannot change)");
        }
        String name = ApiCalls.string(body, "name");
        if (name != null && name.isBlank()) {
            throw ApiException.badRequest("name: \"\" (expected: a non-empty string)");
        }
        String description = ApiCalls.string(body, "description");
        String kind = ApiCalls.string(body, "kind");
        String backend = ApiCalls.string(body, "backend");
        ObjectNode spec = spec(body, current.spec());
        String healthPath = ApiCalls.string(body, "healthPath");
        if (healthPath != null && !healthPath.startsWith("/")) {
            throw ApiException.badRequest("healthPath: \"" + healthPath + "\" (expected: a path starting with /)");
        }
        String effectiveBackend = backend == null ? current.backend() : backend;
        if (!spec.has(effectiveBackend) || !spec.get(effectiveBackend).isObject()) {
            throw ApiException.badRequest("spec: no \"" + effectiveBackend + "\" section (expected: an object for "
                    + "the tool's backend)");
        }
        Boolean enabled = ApiCalls.bool(body, "enabled");
        return new ToolTemplate(current.slug(),
                name == null ? current.name() : name.strip(),
                description == null ? current.description() : description,
                kind == null ? current.kind() : kind(kind),
                effectiveBackend,
                spec,
                range(body, "port", current.port(), 0, 65535),
                healthPath == null ? current.healthPath() : healthPath,
                range(body, "cpuMillicores", current.cpuMillicores(), 1, 1_000_000),
                range(body, "memoryMb", current.memoryMb(), 1, 10_000_000),
                seconds(body, "idleTimeoutSeconds", current.idleTimeout()),
                seconds(body, "maxLifetimeSeconds", current.maxLifetime()),
                seconds(body, "startupTimeoutSeconds", current.startupTimeout()),
                enabled == null ? current.enabled() : enabled,
                current.unavailableReason(),
                sizes(body, current.sizes()));
    }

    /**
     * The {@code sizes} list: each {name, cpuMillicores, memoryMb}, unique names, at most
     * {@value ToolSize#MAX_PER_TOOL}; absent keeps the current list.
     */
    private static List<ToolSize> sizes(JsonObject body, List<ToolSize> current) {
        if (!body.containsKey("sizes")) {
            return current;
        }
        Object value = body.getValue("sizes");
        if (!(value instanceof JsonArray array)) {
            throw ApiException.badRequest("sizes: " + value + " (expected: a list of {name, cpuMillicores, memoryMb})");
        }
        if (array.size() > ToolSize.MAX_PER_TOOL) {
            throw ApiException.badRequest("sizes: " + array.size() + " sizes (expected: at most "
                    + ToolSize.MAX_PER_TOOL + ")");
        }
        List<ToolSize> sizes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "sizes[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject size)) {
                throw ApiException.badRequest(where + ": " + array.getValue(i)
                        + " (expected: an object {name, cpuMillicores, memoryMb})");
            }
            for (String key : size.fieldNames()) {
                if (!Set.of("name", "cpuMillicores", "memoryMb").contains(key)) {
                    throw ApiException.badRequest(where + "." + key + ": unknown field (expected: name, "
                            + "cpuMillicores, memoryMb)");
                }
            }
            Object name = size.getValue("name");
            if (!(name instanceof String text) || text.isBlank()) {
                throw ApiException.badRequest(where + ".name: " + (name == null ? "missing" : name)
                        + " (expected: a non-empty string)");
            }
            int cpu = positive(size.getValue("cpuMillicores"), where + ".cpuMillicores", 1_000_000);
            int memory = positive(size.getValue("memoryMb"), where + ".memoryMb", 10_000_000);
            if (!names.add(text.strip())) {
                throw ApiException.badRequest(where + ".name: \"" + text.strip() + "\" (expected: a name not "
                        + "used by another size of this tool)");
            }
            try {
                sizes.add(new ToolSize(text.strip(), cpu, memory));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(where + ": " + e.getMessage());
            }
        }
        return sizes;
    }

    private static int positive(Object value, String where, int max) {
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
                || ((Number) value).longValue() > max) {
            throw ApiException.badRequest(where + ": " + (value == null ? "missing" : value) + " (expected: a whole "
                    + "number from 1 to " + max + ")");
        }
        return ((Number) value).intValue();
    }

    private static void checkKeys(JsonObject body) {
        for (String key : body.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest(key + ": unknown field (expected one of " + new java.util.TreeSet<>(KEYS)
                        + ")");
            }
        }
    }

    private static ObjectNode spec(JsonObject body, ObjectNode current) {
        Object value = body.getValue("spec");
        if (value == null) {
            return current;
        }
        if (!(value instanceof JsonObject json)) {
            throw ApiException.badRequest("spec: " + value + " (expected: an object with a section per backend)");
        }
        try {
            return (ObjectNode) JSON.readTree(json.encode());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("spec: not a JSON object");
        }
    }

    private static ToolKind kind(String raw) {
        return switch (raw) {
            case "tool" -> ToolKind.TOOL;
            case "visualisation" -> ToolKind.VISUALISATION;
            default -> throw ApiException.badRequest("kind: \"" + raw + "\" (expected: \"tool\" or \"visualisation\")");
        };
    }

    private static int range(JsonObject body, String key, int current, int min, int max) {
        Integer value = ApiCalls.integer(body, key);
        if (value == null) {
            return current;
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(key + ": " + value + " (expected: " + min + " to " + max + ")");
        }
        return value;
    }

    private static Duration seconds(JsonObject body, String key, Duration current) {
        Integer value = ApiCalls.integer(body, key);
        if (value == null) {
            return current;
        }
        if (value <= 0) {
            throw ApiException.badRequest(key + ": " + value + " (expected: a whole number of seconds > 0)");
        }
        return Duration.ofSeconds(value);
    }
}
