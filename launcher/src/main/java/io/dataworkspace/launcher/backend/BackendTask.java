package io.dataworkspace.launcher.backend;

import java.util.UUID;

/** A task a backend reports as running, with the instance id it was tagged with. */
public record BackendTask(String taskId, UUID instanceId) {
}
