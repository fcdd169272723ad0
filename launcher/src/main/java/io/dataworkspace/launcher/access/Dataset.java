package io.dataworkspace.launcher.access;

import java.time.Instant;
import java.util.List;

/**
 * A dataset: the PostgreSQL tables or schemas and the S3 prefixes it covers, who owns it.
 *
 * @param ownerUserId the owning user (who may also manage its grants and decide requests for it), or null
 * @param s3Prefixes  bucket-relative prefixes ending in {@code /}, granted read-only
 */
public record Dataset(long id, String name, String description, String ownerUserId, List<DatasetTable> tables,
        List<String> s3Prefixes, Instant createdAt, Instant updatedAt) {
    public Dataset {
        tables = List.copyOf(tables);
        s3Prefixes = List.copyOf(s3Prefixes);
    }
}
