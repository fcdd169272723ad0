package io.dataworkspace.launcher.backend;

import io.dataworkspace.launcher.tool.ToolTemplate;
import java.util.Map;
import java.util.UUID;

/**
 * What to start: the tool, for whom, and the environment every tool gets (user id, email, name, base URL, …).
 * Backends add what only they know (HOME, PORT).
 */
public record TaskSpec(UUID instanceId, ToolTemplate tool, String userId, Map<String, String> environment) {
    public TaskSpec {
        environment = Map.copyOf(environment);
    }
}
