package io.dataworkspace.proxy.forward;

/**
 * The signed-in user on whose behalf a request is forwarded; sent upstream as {@code X-Workspace-User-Id},
 * {@code X-Workspace-User-Email} and {@code X-Workspace-User-Name}.
 *
 * <p>Header values must be visible ASCII: values containing anything else (accents in a name, control characters)
 * are stored percent-encoded as UTF-8 (RFC 3986 style), so a tool reads them with any URL decoder and no header
 * can be split or forged through an identity field. The components hold the values exactly as sent upstream.
 * Build one per session and reuse it.
 *
 * @param userId the user's id (required)
 * @param email  the user's email, or empty
 * @param name   the user's display name, or empty
 */
public record ForwardIdentity(String userId, String email, String name) {

    public ForwardIdentity {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("identity userId: empty (expected: the user's id)");
        }
        userId = headerSafe(userId);
        email = email == null ? "" : headerSafe(email);
        name = name == null ? "" : headerSafe(name);
    }

    /** Returns {@code value} unchanged when it is visible ASCII or space, else percent-encoded UTF-8. */
    static String headerSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '%') {
                return percentEncode(value);
            }
        }
        return value;
    }

    private static String percentEncode(String value) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(utf8.length * 3);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
