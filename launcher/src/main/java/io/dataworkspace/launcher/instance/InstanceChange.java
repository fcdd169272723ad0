package io.dataworkspace.launcher.instance;

import java.util.Optional;
import java.util.UUID;

/**
 * A change published by any replica through PostgreSQL NOTIFY: a new phase, or a progress message.
 *
 * @param endpoint present when the phase is RUNNING, so route caches need no query
 * @param message  present for progress messages
 */
public record InstanceChange(UUID instanceId, String host, Phase phase, Optional<Endpoint> endpoint,
        Optional<String> message) {
}
