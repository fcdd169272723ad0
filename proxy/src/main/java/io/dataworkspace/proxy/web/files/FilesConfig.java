package io.dataworkspace.proxy.web.files;

import java.time.Duration;

/**
 * Limits of the file browser.
 *
 * @param partSize    the smallest multipart part (S3 refuses parts under 5 MiB but the last); files up to this size
 *                    go in one presigned PUT, larger ones in parts of at least this size (more for files over
 *                    10,000 parts)
 * @param urlLifetime how long a presigned URL works
 * @param pageSize    entries per listing page
 */
public record FilesConfig(long partSize, Duration urlLifetime, int pageSize) {
    /** 8 MiB parts, 15-minute URLs, 1,000 entries a page. */
    public static final FilesConfig DEFAULTS = new FilesConfig(8L << 20, Duration.ofMinutes(15), 1000);
    static final long MIN_PART = 5L << 20;
    static final long MAX_PART = 5L << 30;

    public FilesConfig {
        if (partSize < MIN_PART || partSize > MAX_PART) {
            throw new IllegalArgumentException("partSize: " + partSize + " (expected: 5 MiB to 5 GiB)");
        }
        if (urlLifetime == null || urlLifetime.compareTo(Duration.ofSeconds(30)) < 0
                || urlLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("urlLifetime: " + urlLifetime + " (expected: 30 s to 7 days)");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize: " + pageSize + " (expected: 1 to 1000)");
        }
    }
}
