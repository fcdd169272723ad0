package io.dataworkspace.launcher.storage;

import io.dataworkspace.launcher.credentials.CredentialsException;
import io.dataworkspace.launcher.credentials.TemporaryAwsCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access keys of the embedded store, derived rather than stored: an instance key names its instance and expiry
 * ({@code DW<instance hex>T<epoch seconds>}) and its secret is an HMAC of the key under a master key kept in the
 * data folder. Any replica holding the master key can check a key, a restart keeps issued keys valid, and a key
 * cannot be extended or moved to another instance without the master key.
 */
final class EmbeddedKeys {
    static final String PLATFORM_KEY = "DWPLATFORM";
    private static final Pattern INSTANCE_KEY = Pattern.compile("DW([0-9a-f]{32})T(\\d{1,12})");

    private final byte[] master;

    private EmbeddedKeys(byte[] master) {
        this.master = master;
    }

    /**
     * Reads the master key, creating it (owner-only) on first use. Creation is atomic (a fully written temporary
     * file hard-linked into place, which fails if another process got there first), so two servers starting on
     * the same data folder end up with the same key.
     */
    static EmbeddedKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(file.getParent(), ".s3-key", ".tmp");
                try {
                    try {
                        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the folder's own permissions apply
                    }
                    Files.writeString(temp, Base64.getEncoder().encodeToString(key));
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException e) {
                    // another process created it meanwhile: use theirs
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length < 32) {
                throw new IOException("the key is shorter than 32 bytes");
            }
            return new EmbeddedKeys(key);
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialsException("cannot read or create the embedded S3 store's key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** A key for one instance, valid until {@code expiration}. */
    TemporaryAwsCredentials instanceKey(UUID instanceId, Instant expiration) {
        String id = "DW" + instanceId.toString().replace("-", "") + "T" + expiration.getEpochSecond();
        return new TemporaryAwsCredentials(id, secret(id), "embedded", expiration);
    }

    /** The platform's own key (full access to the bucket). */
    TemporaryAwsCredentials platformKey() {
        return new TemporaryAwsCredentials(PLATFORM_KEY, secret(PLATFORM_KEY), "", Instant.MAX);
    }

    /** A parsed instance key. */
    record InstanceKey(UUID instanceId, Instant expiration) {
    }

    static Optional<InstanceKey> parse(String accessKey) {
        Matcher m = INSTANCE_KEY.matcher(accessKey == null ? "" : accessKey);
        if (!m.matches()) {
            return Optional.empty();
        }
        String hex = m.group(1);
        UUID id = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
        return Optional.of(new InstanceKey(id, Instant.ofEpochSecond(Long.parseLong(m.group(2)))));
    }

    String secret(String accessKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(accessKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
