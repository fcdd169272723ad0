package io.dataworkspace.deploy.aws.config;

import java.util.Locale;

/**
 * What a tool template is, as the launcher's tool catalogue says ({@code kind: tool | visualisation}): a tool is
 * started per user with a synced home folder; a visualisation is one shared app with no home folder, so its task
 * definition has no s3sync sidecar.
 */
public enum ToolKind {
    /** Per user, home folder synced by s3sync. */
    TOOL,
    /** Shared, no home folder. */
    VISUALISATION;

    static ToolKind parse(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "tool" -> TOOL;
            case "visualisation" -> VISUALISATION;
            default -> throw new ConfigException(key + ": " + value + " (expected: tool or visualisation)");
        };
    }
}
