package io.dataworkspace.launcher.access;

import java.util.List;
import java.util.Objects;

/**
 * A dataset someone may read right now (an unexpired grant to them, to one of their teams, or to the visualisation),
 * with what it covers.
 *
 * @param s3Prefixes bucket-relative prefixes ending in {@code /}, read-only
 */
public record GrantedDataset(long id, String name, List<DatasetTable> tables, List<String> s3Prefixes) {
    public GrantedDataset {
        Objects.requireNonNull(name, "name");
        tables = List.copyOf(tables);
        s3Prefixes = List.copyOf(s3Prefixes);
    }
}
