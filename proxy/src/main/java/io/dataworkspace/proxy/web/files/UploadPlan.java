package io.dataworkspace.proxy.web.files;

/** How the browser is to send one file: one presigned PUT, or a multipart upload in parts it PUTs one by one. */
public sealed interface UploadPlan {
    /** S3 allows at most this many parts. */
    int MAX_PARTS = 10_000;
    /** S3's largest object. */
    long MAX_OBJECT = 5L << 40;

    /** PUT the whole file to {@code url}. */
    record Single(String key, String url) implements UploadPlan {
    }

    /** Ask for part URLs, PUT each part, then complete with the parts' ETags. */
    record Multipart(String key, String uploadId, long partSize, int partCount) implements UploadPlan {
    }

    /** The part size for {@code size} bytes: {@code minimum}, or more when the file needs over 10,000 parts. */
    static long partSize(long size, long minimum) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        return Math.max(minimum, (needed + mib - 1) / mib * mib);
    }
}
