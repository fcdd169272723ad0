package io.dataworkspace.s3sync.decide;

/** ETag helpers. */
public final class Etags {
    private Etags() {
    }

    /**
     * @param etag an ETag as S3 returns it, maybe quoted
     * @return the ETag without quotes
     */
    public static String unquote(String etag) {
        String e = etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            return e.substring(1, e.length() - 1);
        }
        return e;
    }
}
