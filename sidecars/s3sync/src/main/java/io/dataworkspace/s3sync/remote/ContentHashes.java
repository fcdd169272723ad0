package io.dataworkspace.s3sync.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Local computation of S3 ETags, to tell whether a local file and an object hold the same bytes. */
public final class ContentHashes {
    private ContentHashes() {
    }

    /**
     * @param file     local file
     * @param etag     the object's ETag (plain MD5, or {@code md5-of-md5s-N} for multipart uploads)
     * @param partSize part size the multipart ETag would have been made with
     * @return whether the file's bytes produce that ETag; false when it cannot be told
     * @throws IOException when the file cannot be read
     */
    public static boolean matchesEtag(Path file, String etag, long partSize) throws IOException {
        int dash = etag.indexOf('-');
        if (dash < 0) {
            return etag.length() == 32 && etag.equalsIgnoreCase(md5Hex(file));
        }
        long parts;
        try {
            parts = Long.parseLong(etag.substring(dash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        long size = Files.size(file);
        long expectedParts = Math.max(1, (size + partSize - 1) / partSize);
        if (parts != expectedParts) {
            return false;
        }
        return etag.equalsIgnoreCase(multipartEtag(file, partSize));
    }

    /**
     * @param file a file
     * @return its MD5, lower-case hex
     * @throws IOException when it cannot be read
     */
    public static String md5Hex(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * @param file     a file
     * @param partSize part size
     * @return the ETag S3 gives a multipart upload of the file in parts of that size
     * @throws IOException when it cannot be read
     */
    public static String multipartEtag(Path file, long partSize) throws IOException {
        MessageDigest whole = md5();
        MessageDigest part = md5();
        long inPart = 0;
        int parts = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, partSize - inPart))) > 0) {
                part.update(buf, 0, n);
                inPart += n;
                if (inPart == partSize) {
                    whole.update(part.digest());
                    parts++;
                    inPart = 0;
                }
            }
        }
        if (inPart > 0 || parts == 0) {
            whole.update(part.digest());
            parts++;
        }
        return HexFormat.of().formatHex(whole.digest()) + "-" + parts;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the JDK", e);
        }
    }
}
