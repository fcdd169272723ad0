package io.dataworkspace.launcher.access;

/** Where an access request stands. Only a pending request can be decided, once. */
public enum RequestState {
    PENDING, APPROVED, REJECTED;

    /** Parses a state name; anything else is a 400 naming the field. */
    public static RequestState parse(String field, String value) {
        for (RequestState s : values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        throw AccessException.invalid(field + ": \"" + value + "\" (expected: PENDING, APPROVED or REJECTED)");
    }
}
