package io.dataworkspace.launcher.access;

import java.util.List;

/** A named group of users; grants to a team apply to its members. */
public record Team(long id, String name, List<String> members) {
    public Team {
        members = List.copyOf(members);
    }
}
