package io.dataworkspace.launcher.access;

/** Who a grant is to: a user, a team (applies to its members) or, for datasets, a visualisation's shared app. */
public sealed interface Grantee {
    /** A user, by id. */
    record ToUser(String userId) implements Grantee {
    }

    /** A team, by id; its grants apply to whoever is a member at the time of the check. */
    record ToTeam(long teamId) implements Grantee {
    }

    /** A visualisation (a tool of kind visualisation), by slug; only dataset grants go to visualisations. */
    record ToVisualisation(String toolSlug) implements Grantee {
    }
}
