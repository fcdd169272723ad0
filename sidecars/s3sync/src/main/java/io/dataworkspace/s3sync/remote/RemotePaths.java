package io.dataworkspace.s3sync.remote;

/** Which keys can be mapped to a local path without escaping the folder. */
public final class RemotePaths {
    private RemotePaths() {
    }

    /**
     * @param rel a key without the prefix
     * @return whether it is a safe relative path
     */
    public static boolean valid(String rel) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.contains("//") || rel.indexOf('\0') >= 0
                || rel.indexOf('\\') >= 0) {
            return false;
        }
        String p = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
        for (String seg : p.split("/")) {
            if (seg.equals(".") || seg.equals("..") || seg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                return false;
            }
        }
        return true;
    }
}
