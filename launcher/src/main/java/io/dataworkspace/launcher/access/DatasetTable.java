package io.dataworkspace.launcher.access;

import java.util.Objects;
import java.util.Optional;

/** A PostgreSQL object a dataset covers in the datasets database: a whole schema, or one table in it. */
public record DatasetTable(String schema, Optional<String> table) {
    public DatasetTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }
}
