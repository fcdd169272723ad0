package io.dataworkspace.proxy.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Secret tokens: random from {@link SecureRandom}, stored as SHA-256, compared in constant time. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Well-formed tokens are 16 to 128 characters of the URL-safe base64 alphabet (checked on every request). */
    private static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 128;

    private Tokens() {
    }

    /** {@code bytes} random bytes, base64url without padding (safe in cookies, URLs and headers). */
    public static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** SHA-256 of the token's UTF-8 bytes. */
    public static byte[] sha256(String token) {
        // digest() resets the instance; one per thread spares the provider lookup on every proxied request
        return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** Constant-time equality of two secrets (null never equals anything). */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the value has the shape of a token this package mints (cheap filter before any lookup). */
    public static boolean wellFormed(String value) {
        if (value == null || value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
