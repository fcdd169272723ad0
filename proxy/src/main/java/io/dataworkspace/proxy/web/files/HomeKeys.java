package io.dataworkspace.proxy.web.files;

import java.nio.charset.StandardCharsets;

/**
 * Checks that a key a caller names lies inside their own home {@code user/<id>/}: it must start with exactly that
 * prefix, and the rest must be plain path segments — no {@code .} or {@code ..}, no empty segment ({@code //}), no
 * backslash or control character — within S3's 1,024-byte limit. Anything else is a 400, so no request can reach
 * another user's folder or the datasets beside them.
 */
public final class HomeKeys {
    static final int MAX_KEY_BYTES = 1024;

    private HomeKeys() {
    }

    /** {@code user/<id>/}. */
    public static String home(String userId) {
        return "user/" + userId + "/";
    }

    /** A folder key (ending in {@code /}) inside the home, the home itself included. */
    public static String folder(String userId, String key) {
        String checked = inside(userId, key);
        if (!checked.endsWith("/")) {
            throw FilesException.badRequest("folder \"" + checked + "\" must end with / (expected: a folder)");
        }
        return checked;
    }

    /** A file key (not ending in {@code /}) strictly inside the home. */
    public static String file(String userId, String key) {
        String checked = inside(userId, key);
        if (checked.endsWith("/")) {
            throw FilesException.badRequest("\"" + checked + "\" is a folder (expected: a file name)");
        }
        return checked;
    }

    /** A file or folder strictly inside the home (not the home itself). */
    public static String entry(String userId, String key) {
        String checked = inside(userId, key);
        if (checked.equals(home(userId))) {
            throw FilesException.badRequest("your home folder " + checked + " cannot be removed");
        }
        return checked;
    }

    private static String inside(String userId, String key) {
        String home = home(userId);
        if (key == null || key.isEmpty()) {
            throw FilesException.badRequest("key is missing (expected: a key under " + home + ")");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw FilesException.badRequest("key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw FilesException.badRequest("key contains a control character or a backslash");
            }
        }
        if (!key.startsWith(home)) {
            throw FilesException.badRequest("key \"" + key + "\" is outside your folder " + home);
        }
        String rest = key.substring(home.length());
        String[] segments = rest.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !last || segment.equals(".") || segment.equals("..")) {
                throw FilesException.badRequest("key \"" + key + "\" has an empty, . or .. segment");
            }
        }
        return key;
    }

    /** The last segment of a key, without a trailing slash: what a listing shows. */
    public static String name(String key) {
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
