package io.dataworkspace.launcher.credentials;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What one instance may do in the bucket: read, write and delete under {@code homePrefix} (a user's tool only);
 * read under each dataset prefix. Prefixes are bucket-relative and end in {@code /}.
 *
 * @param userId          whose home it is (for a visualisation: who opened it); also carried in the STS session name
 * @param instanceId      the instance the credentials are for
 * @param datasetPrefixes read-only prefixes of the datasets granted right now, without duplicates
 * @param hasHome         false for a visualisation's shared app: it reads its datasets and writes nowhere, so the
 *                        user who happened to open it first lends it nothing
 */
public record S3Scope(String userId, UUID instanceId, List<String> datasetPrefixes, boolean hasHome) {
    private static final Pattern USER_ID = Pattern.compile("[a-z0-9]{1,32}");

    public S3Scope {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(instanceId, "instanceId");
        if (!USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("user id: \"" + userId + "\" (expected: 1-32 of a-z and 0-9)");
        }
        datasetPrefixes = datasetPrefixes.stream().distinct().toList();
        for (String prefix : datasetPrefixes) {
            if (prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("*")
                    || prefix.contains("?") || prefix.startsWith("user/")) {
                throw new IllegalArgumentException("dataset prefix: \"" + prefix
                        + "\" (expected: bucket-relative, ending in /, without * or ?, outside user/)");
            }
        }
    }

    /** A user's tool: their home plus the datasets they are granted. */
    public S3Scope(String userId, UUID instanceId, List<String> datasetPrefixes) {
        this(userId, instanceId, datasetPrefixes, true);
    }

    /** {@code user/<user-id>/}: the user's home, synced with their home folder; empty for a visualisation. */
    public Optional<String> homePrefix() {
        return hasHome ? Optional.of("user/" + userId + "/") : Optional.empty();
    }

    /** True when the key may be written or deleted. */
    public boolean mayWrite(String key) {
        return key != null && homePrefix().filter(key::startsWith).isPresent();
    }

    /** True when the key may be read. */
    public boolean mayRead(String key) {
        return key != null && (mayWrite(key) || datasetPrefixes.stream().anyMatch(key::startsWith));
    }

    /** True when a listing with this prefix may be made (the prefix must lie inside a readable prefix). */
    public boolean mayList(String prefix) {
        return mayRead(prefix);
    }
}
