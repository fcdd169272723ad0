package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets a user or a visualisation may read now: grants that have not expired, to them directly or (for a
 * user) to a team they belong to. Credentials are built from this and nothing else, so they are never wider than
 * what is granted at the moment they are issued or refreshed.
 */
public final class GrantedDatasets {
    private static final String COVERAGE = """
            SELECT d.id, d.name, 't' AS kind, t.schema_name AS a, t.table_name AS b
              FROM datasets d JOIN dataset_tables t ON t.dataset_id = d.id
             WHERE d.id IN (%1$s)
            UNION ALL
            SELECT d.id, d.name, 's' AS kind, p.prefix AS a, NULL AS b
              FROM datasets d JOIN dataset_s3_prefixes p ON p.dataset_id = d.id
             WHERE d.id IN (%1$s)
            UNION ALL
            SELECT d.id, d.name, '-' AS kind, NULL AS a, NULL AS b
              FROM datasets d
             WHERE d.id IN (%1$s)
            ORDER BY 2, 1, 3, 4, 5
            """;
    private static final String FOR_USER = """
            SELECT g.dataset_id FROM dataset_grants g
             WHERE (g.expires_at IS NULL OR g.expires_at > now())
               AND (g.user_id = ? OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))
            """;
    private static final String FOR_VISUALISATION = """
            SELECT g.dataset_id FROM dataset_grants g
             WHERE (g.expires_at IS NULL OR g.expires_at > now()) AND g.visualisation_slug = ?
            """;

    private final Jdbc jdbc;

    public GrantedDatasets(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What the user may read, by name. */
    public List<GrantedDataset> forUser(String userId) {
        return collect(jdbc.query(COVERAGE.formatted(FOR_USER), GrantedDatasets::row, userId, userId, userId, userId,
                userId, userId));
    }

    /** What a visualisation's shared app may read, whoever opened it. */
    public List<GrantedDataset> forVisualisation(String toolSlug) {
        return collect(jdbc.query(COVERAGE.formatted(FOR_VISUALISATION), GrantedDatasets::row, toolSlug, toolSlug,
                toolSlug));
    }

    private record Row(long id, String name, char kind, String a, String b) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3).charAt(0), rs.getString(4), rs.getString(5));
    }

    private static List<GrantedDataset> collect(List<Row> rows) {
        Map<Long, List<Row>> byDataset = new LinkedHashMap<>();
        for (Row row : rows) {
            byDataset.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(row);
        }
        List<GrantedDataset> datasets = new ArrayList<>();
        for (List<Row> parts : byDataset.values()) {
            List<DatasetTable> tables = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (Row part : parts) {
                if (part.kind() == 't') {
                    tables.add(new DatasetTable(part.a(), Optional.ofNullable(part.b())));
                } else if (part.kind() == 's') {
                    prefixes.add(part.a());
                }
            }
            datasets.add(new GrantedDataset(parts.get(0).id(), parts.get(0).name(), tables, prefixes));
        }
        return datasets;
    }
}
