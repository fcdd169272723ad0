package io.dataworkspace.launcher.backend.fargate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.util.Optional;
import java.util.Set;

/**
 * What the Fargate backend runs for a tool: its task definition (from {@code FARGATE_TASK_DEFINITIONS}, else the
 * template's {@code fargate.taskDefinition}) and the name of the tool's container in it (template
 * {@code fargate.containerName}, default {@code tool}).
 */
record FargateToolSpec(String taskDefinition, String containerName) {
    private static final Set<String> KEYS = Set.of("taskDefinition", "containerName");

    /**
     * @throws IllegalArgumentException with a sentence saying what is missing or wrong
     */
    static FargateToolSpec of(ToolTemplate tool, FargateConfig config) {
        JsonNode node = tool.specFor("fargate");
        if (!node.isMissingNode() && !node.isObject()) {
            throw new IllegalArgumentException("its fargate: section is not a mapping");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("fargate." + key + ": unknown key (expected one of "
                        + KEYS.stream().sorted().toList() + ")");
            }
        });
        Optional<String> family = Optional.ofNullable(config.taskDefinitions().get(tool.slug()))
                .or(() -> text(node, "taskDefinition"));
        if (family.isEmpty()) {
            throw new IllegalArgumentException("no ECS task definition is configured for " + tool.slug()
                    + " (add " + tool.slug() + "=<family> to FARGATE_TASK_DEFINITIONS, or fargate.taskDefinition to "
                    + "its template)");
        }
        if (tool.port() == 0) {
            throw new IllegalArgumentException("port: 0 (expected: the port the tool listens on in its container)");
        }
        String container = text(node, "containerName").orElse("tool");
        if (container.equals(config.s3syncContainer()) || container.equals(config.metricsContainer())) {
            throw new IllegalArgumentException("fargate.containerName: \"" + container
                    + "\" (expected: the tool's container, not a sidecar)");
        }
        return new FargateToolSpec(family.get(), container);
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isValueNode() && !value.asText().isBlank() ? Optional.of(value.asText().trim()) : Optional.empty();
    }
}
