package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** The bootstrap bearer token of the REST API, compared in constant time. */
public final class ApiToken {
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, or the one kept in {@code file} (created with a random value, owner-only, if absent). */
    public static ApiToken configuredOrStored(Optional<String> configured, Path file) {
        if (configured.isPresent()) {
            return new ApiToken(configured.get());
        }
        try {
            if (Files.isRegularFile(file)) {
                return new ApiToken(Files.readString(file).trim());
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, value + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return new ApiToken(value);
        } catch (IOException e) {
            throw new StartupException("cannot read or create the API token file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** True when the presented token equals ours; takes the same time whatever the presented value. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** For clients in the same process (tests, benchmarks); never logged. */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }
}
