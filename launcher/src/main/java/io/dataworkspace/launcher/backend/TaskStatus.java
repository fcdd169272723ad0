package io.dataworkspace.launcher.backend;

import io.dataworkspace.launcher.instance.Endpoint;

/** What a backend reports for a task. */
public sealed interface TaskStatus {
    /** Still being provisioned; {@code message} says at what stage, for the spawn page. */
    record Pending(String message) implements TaskStatus {
    }

    /** Running and reachable at {@code endpoint} (the tool itself may not answer yet). */
    record Running(Endpoint endpoint) implements TaskStatus {
    }

    /** Gone: exited, stopped or never existed; {@code reason} is readable by a user. */
    record Exited(String reason) implements TaskStatus {
    }
}
