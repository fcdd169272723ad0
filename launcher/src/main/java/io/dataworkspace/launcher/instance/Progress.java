package io.dataworkspace.launcher.instance;

import java.time.Instant;

/** A progress message shown on the spawn page: queued, provisioning, starting, waiting for the tool, ready. */
public record Progress(long id, Instant at, String message) {
}
