package io.dataworkspace.launcher.user;

import java.time.Instant;

/** A person who signs in. The id is short and random so it can stand in a host name label. */
public record User(String id, String subject, String email, String name, boolean admin, boolean disabled,
        Instant createdAt) {
}
