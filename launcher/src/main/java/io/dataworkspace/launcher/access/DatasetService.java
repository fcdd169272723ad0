package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Datasets and what they cover. Administrators create, change and delete them; a dataset's owner may read it and
 * change its name and description, but not what it covers nor who owns it (that would let an owner widen their own
 * access). Users list the datasets granted to them (or owned by them). Every change is audited.
 */
public final class DatasetService {
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 10_000;
    private static final int MAX_PARTS = 200;
    private static final Pattern PREFIX = Pattern.compile("[^/*?][^*?]*/");
    private static final String COLUMNS = "id, name, description, owner_user_id, created_at, updated_at";

    private final Jdbc jdbc;
    private final AuditLog audit;

    public DatasetService(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Administrators: every dataset; users: those granted to them now, and those they own. By id. */
    public Page<Dataset> list(Actor actor, String after, int limit) {
        Long afterId = Cursors.idOf(after);
        String visible = actor.admin() ? "TRUE" : """
                (d.owner_user_id = ? OR d.id IN (
                    SELECT g.dataset_id FROM dataset_grants g
                     WHERE (g.expires_at IS NULL OR g.expires_at > now())
                       AND (g.user_id = ? OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))))""";
        List<Object> params = new ArrayList<>();
        if (!actor.admin()) {
            params.addAll(List.of(actor.userId(), actor.userId(), actor.userId()));
        }
        params.add(afterId == null ? 0L : afterId);
        params.add(limit + 1);
        String sql = "SELECT " + COLUMNS.replaceAll("(\\w+)", "d.$1") + " FROM datasets d WHERE " + visible
                + " AND d.id > ? ORDER BY d.id LIMIT ?";
        List<Dataset> rows = jdbc.inTransaction(c -> withParts(c, Jdbc.query(c, sql, DatasetService::bare,
                params.toArray())));
        return Page.of(rows, limit, d -> Cursors.ofId(d.id()));
    }

    /** One dataset: administrators and its owner. */
    public Dataset get(Actor actor, long id) {
        Dataset dataset = find(id);
        requireAdminOrOwner(actor, dataset, "see");
        return dataset;
    }

    public Dataset create(Actor actor, DatasetChanges fields) {
        actor.requireAdmin();
        String name = Checks.text("name", fields.name(), MAX_NAME);
        String description = description(fields.description());
        List<DatasetTable> tables = tables(fields.tables() == null ? List.of() : fields.tables());
        List<String> prefixes = prefixes(fields.s3Prefixes() == null ? List.of() : fields.s3Prefixes());
        String owner = fields.clearOwner() ? null : fields.ownerUserId();
        if (owner != null) {
            Checks.userExists(jdbc, "ownerUserId", owner);
        }
        long id;
        try {
            id = jdbc.inTransaction(c -> {
                long newId = Jdbc.query(c, "INSERT INTO datasets (name, description, owner_user_id) VALUES (?, ?, ?) "
                        + "RETURNING id", rs -> rs.getLong(1), name, description, owner).get(0);
                replaceParts(c, newId, tables, prefixes);
                return newId;
            });
        } catch (DatabaseException e) {
            throw duplicateName(e, name);
        }
        Dataset created = find(id);
        audit.record(actor.userId(), "dataset.create", target(id), actor.sourceIp(), summary(created));
        return created;
    }

    public Dataset update(Actor actor, long id, DatasetChanges changes) {
        Dataset before = find(id);
        requireAdminOrOwner(actor, before, "change");
        if (!actor.admin() && changes.changesCoverageOrOwner()) {
            throw AccessException.forbidden("only administrators may change a dataset's tables, s3Prefixes or "
                    + "ownerUserId");
        }
        String name = changes.name() == null ? before.name() : Checks.text("name", changes.name(), MAX_NAME);
        String description = changes.description() == null ? before.description()
                : description(changes.description());
        String owner = changes.clearOwner() ? null
                : changes.ownerUserId() == null ? before.ownerUserId() : changes.ownerUserId();
        if (changes.ownerUserId() != null) {
            Checks.userExists(jdbc, "ownerUserId", owner);
        }
        List<DatasetTable> tables = changes.tables() == null ? null : tables(changes.tables());
        List<String> prefixes = changes.s3Prefixes() == null ? null : prefixes(changes.s3Prefixes());
        try {
            jdbc.inTransaction(c -> {
                Jdbc.update(c, "UPDATE datasets SET name = ?, description = ?, owner_user_id = ?, updated_at = now() "
                        + "WHERE id = ?", name, description, owner, id);
                replaceParts(c, id, tables, prefixes);
                return null;
            });
        } catch (DatabaseException e) {
            throw duplicateName(e, name);
        }
        Dataset after = find(id);
        Map<String, Object> details = summary(after);
        details.put("before", summary(before));
        audit.record(actor.userId(), "dataset.update", target(id), actor.sourceIp(), details);
        return after;
    }

    /** Deletes a dataset with its grants and requests. */
    public void delete(Actor actor, long id) {
        actor.requireAdmin();
        Dataset dataset = find(id);
        jdbc.update("DELETE FROM datasets WHERE id = ?", id);
        audit.record(actor.userId(), "dataset.delete", target(id), actor.sourceIp(), summary(dataset));
    }

    /** The descriptions of the given datasets, by id. */
    public Map<Long, String> descriptions(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> descriptions = new HashMap<>();
        jdbc.inTransaction(c -> Jdbc.query(c, "SELECT id, description FROM datasets WHERE id = ANY(?)",
                rs -> descriptions.put(rs.getLong(1), rs.getString(2)), c.createArrayOf("bigint", ids.toArray())));
        return descriptions;
    }

    /** The dataset, or 404. */
    public Dataset find(long id) {
        return jdbc.inTransaction(c -> withParts(c, Jdbc.query(c, "SELECT " + COLUMNS + " FROM datasets WHERE id = ?",
                DatasetService::bare, id))).stream().findFirst()
                .orElseThrow(() -> AccessException.notFound("no dataset with id " + id));
    }

    /** The dataset's owner, if the dataset exists (empty optional inside when it has none). */
    Optional<Optional<String>> ownerOf(long id) {
        return jdbc.queryOne("SELECT owner_user_id FROM datasets WHERE id = ?",
                rs -> Optional.ofNullable(rs.getString(1)), id);
    }

    static void requireAdminOrOwner(Actor actor, Dataset dataset, String verb) {
        if (!actor.admin() && !actor.is(dataset.ownerUserId())) {
            throw AccessException.forbidden("only administrators and the dataset's owner may " + verb
                    + " dataset " + dataset.id());
        }
    }

    private static String description(String raw) {
        if (raw == null) {
            return "";
        }
        if (raw.length() > MAX_DESCRIPTION) {
            throw AccessException.invalid("description: " + raw.length() + " characters (expected: at most "
                    + MAX_DESCRIPTION + ")");
        }
        return raw.strip();
    }

    private static List<DatasetTable> tables(List<DatasetTable> raw) {
        if (raw.size() > MAX_PARTS) {
            throw AccessException.invalid("tables: " + raw.size() + " entries (expected: at most " + MAX_PARTS + ")");
        }
        LinkedHashSet<DatasetTable> clean = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            DatasetTable t = raw.get(i);
            identifier("tables[" + i + "].schema", t.schema());
            String field = "tables[" + i + "].table";
            t.table().ifPresent(name -> identifier(field, name));
            clean.add(t);
        }
        return List.copyOf(clean);
    }

    private static void identifier(String field, String value) {
        if (value.isEmpty() || value.length() > 63 || value.indexOf('\0') >= 0) {
            throw AccessException.invalid(field + ": \"" + value + "\" (expected: a PostgreSQL name of 1 to 63 "
                    + "characters)");
        }
    }

    private static List<String> prefixes(List<String> raw) {
        if (raw.size() > MAX_PARTS) {
            throw AccessException.invalid("s3Prefixes: " + raw.size() + " entries (expected: at most " + MAX_PARTS
                    + ")");
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = raw.get(i);
            if (p == null || p.length() > 900 || !PREFIX.matcher(p).matches() || p.startsWith("user/")
                    || p.contains("//") || p.contains("/../") || p.startsWith("../") || p.startsWith("./")) {
                throw AccessException.invalid("s3Prefixes[" + i + "]: " + (p == null ? "null" : "\"" + p + "\"")
                        + " (expected: a bucket-relative prefix such as datasets/x/, ending in /, without * ? // "
                        + "or .., not under user/)");
            }
            clean.add(p);
        }
        return List.copyOf(clean);
    }

    private static void replaceParts(Connection c, long id, List<DatasetTable> tables, List<String> prefixes)
            throws SQLException {
        if (tables != null) {
            Jdbc.update(c, "DELETE FROM dataset_tables WHERE dataset_id = ?", id);
            for (DatasetTable t : tables) {
                Jdbc.update(c, "INSERT INTO dataset_tables (dataset_id, schema_name, table_name) VALUES (?, ?, ?)",
                        id, t.schema(), t.table().orElse(null));
            }
        }
        if (prefixes != null) {
            Jdbc.update(c, "DELETE FROM dataset_s3_prefixes WHERE dataset_id = ?", id);
            for (String p : prefixes) {
                Jdbc.update(c, "INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, ?)", id, p);
            }
        }
    }

    /** Fills in tables and prefixes of the given datasets with two queries. */
    private static List<Dataset> withParts(Connection c, List<Dataset> bare) throws SQLException {
        if (bare.isEmpty()) {
            return bare;
        }
        Long[] ids = bare.stream().map(Dataset::id).toArray(Long[]::new);
        java.sql.Array idArray = c.createArrayOf("bigint", ids);
        Map<Long, List<DatasetTable>> tables = new LinkedHashMap<>();
        for (Object[] row : Jdbc.query(c, "SELECT dataset_id, schema_name, table_name FROM dataset_tables "
                + "WHERE dataset_id = ANY(?) ORDER BY schema_name, table_name NULLS FIRST", rs -> new Object[] {
                    rs.getLong(1), rs.getString(2), rs.getString(3)}, idArray)) {
            tables.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                    .add(new DatasetTable((String) row[1], Optional.ofNullable((String) row[2])));
        }
        Map<Long, List<String>> prefixes = new LinkedHashMap<>();
        for (Object[] row : Jdbc.query(c, "SELECT dataset_id, prefix FROM dataset_s3_prefixes "
                + "WHERE dataset_id = ANY(?) ORDER BY prefix", rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                idArray)) {
            prefixes.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return bare.stream().map(d -> new Dataset(d.id(), d.name(), d.description(), d.ownerUserId(),
                tables.getOrDefault(d.id(), List.of()), prefixes.getOrDefault(d.id(), List.of()), d.createdAt(),
                d.updatedAt())).toList();
    }

    private static RuntimeException duplicateName(DatabaseException e, String name) {
        return Jdbc.isUniqueViolation(e) ? AccessException.conflict("a dataset named \"" + name + "\" already exists")
                : e;
    }

    static String target(long id) {
        return "dataset:" + id;
    }

    private static Map<String, Object> summary(Dataset d) {
        Map<String, Object> s = new HashMap<>();
        s.put("name", d.name());
        s.put("owner", d.ownerUserId() == null ? "" : d.ownerUserId());
        s.put("tables", d.tables().stream().map(t -> t.schema() + t.table().map(n -> "." + n).orElse(".*")).toList());
        s.put("s3Prefixes", d.s3Prefixes());
        return s;
    }

    private static Dataset bare(ResultSet rs) throws SQLException {
        return new Dataset(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("owner_user_id"), List.of(), List.of(), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }
}
