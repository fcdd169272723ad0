package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.access.DatasetTable;
import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NOLOGIN role per dataset in the datasets database, holding exactly {@code SELECT} on the dataset's tables
 * (every table of a whole-schema dataset) and {@code USAGE} on their schemas. Synced from {@code dataset_tables}
 * each time a temporary role is made a member: grants no longer listed are revoked, new ones added. Tables that do
 * not exist yet are skipped with a warning.
 */
public final class DatasetRoles {
    private static final Logger log = LoggerFactory.getLogger(DatasetRoles.class);
    private static final String RELATION_KINDS = "('r', 'v', 'm', 'p', 'f')";
    private static final String ROLE_OID = "(SELECT oid FROM pg_roles WHERE rolname = ?)";

    private final String prefix;

    /** @param prefix the deployment's role prefix, e.g. {@code dw_} */
    public DatasetRoles(String prefix) {
        this.prefix = prefix;
    }

    /** {@code <prefix>d_<dataset id>}: derived from the id, so no name ever needs to fit in a role name. */
    public String roleName(long datasetId) {
        return prefix + "d_" + datasetId;
    }

    /** A schema-qualified relation. */
    record Relation(String schema, String table) {
    }

    /**
     * Creates the dataset's role if needed and makes its grants match the dataset's tables. Runs in the caller's
     * transaction; serialised with other replicas by an advisory lock on the role name.
     *
     * @return the role name
     */
    public String sync(Connection c, GrantedDataset dataset) throws SQLException {
        String role = roleName(dataset.id());
        Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> null, role);
        if (Jdbc.query(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", rs -> 1, role).isEmpty()) {
            execute(c, "CREATE ROLE " + PgQuote.ident(role) + " NOLOGIN");
        }
        String comment = "Data Workspace dataset " + dataset.id() + ": " + dataset.name();
        if (Jdbc.query(c, "SELECT 1 FROM pg_roles WHERE rolname = ? AND shobj_description(oid, 'pg_authid') = ?",
                rs -> 1, role, comment).isEmpty()) {
            execute(c, "COMMENT ON ROLE " + PgQuote.ident(role) + " IS " + PgQuote.literal(comment));
        }

        Set<Relation> wanted = new LinkedHashSet<>();
        for (DatasetTable t : dataset.tables()) {
            List<Relation> found = t.table().isPresent()
                    ? Jdbc.query(c, "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                            + "c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN " + RELATION_KINDS,
                            rs -> new Relation(rs.getString(1), rs.getString(2)), t.schema(), t.table().get())
                    : Jdbc.query(c, "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                            + "c.relnamespace WHERE n.nspname = ? AND c.relkind IN " + RELATION_KINDS,
                            rs -> new Relation(rs.getString(1), rs.getString(2)), t.schema());
            if (found.isEmpty() && t.table().isPresent()) {
                log.warn("dataset {} lists table {}.{}, which does not exist in the datasets database", dataset.id(),
                        t.schema(), t.table().get());
            }
            wanted.addAll(found);
        }
        Set<String> wantedSchemas = new LinkedHashSet<>();
        wanted.forEach(r -> wantedSchemas.add(r.schema()));
        for (DatasetTable t : dataset.tables()) {
            if (t.table().isEmpty() && !Jdbc.query(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", rs -> 1,
                    t.schema()).isEmpty()) {
                wantedSchemas.add(t.schema());
            }
        }

        Set<Relation> granted = new LinkedHashSet<>(Jdbc.query(c, "SELECT n.nspname, c.relname FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a "
                + "WHERE a.grantee = " + ROLE_OID + " AND a.privilege_type = 'SELECT'",
                rs -> new Relation(rs.getString(1), rs.getString(2)), role));
        Set<String> grantedSchemas = new LinkedHashSet<>(Jdbc.query(c, "SELECT n.nspname FROM pg_namespace n "
                + "CROSS JOIN LATERAL aclexplode(n.nspacl) a WHERE a.grantee = " + ROLE_OID
                + " AND a.privilege_type = 'USAGE'", rs -> rs.getString(1), role));

        for (Relation r : granted) {
            if (!wanted.contains(r)) {
                execute(c, "REVOKE SELECT ON TABLE " + qualified(r) + " FROM " + PgQuote.ident(role));
            }
        }
        for (String s : grantedSchemas) {
            if (!wantedSchemas.contains(s)) {
                execute(c, "REVOKE USAGE ON SCHEMA " + PgQuote.ident(s) + " FROM " + PgQuote.ident(role));
            }
        }
        for (String s : wantedSchemas) {
            if (!grantedSchemas.contains(s)) {
                execute(c, "GRANT USAGE ON SCHEMA " + PgQuote.ident(s) + " TO " + PgQuote.ident(role));
            }
        }
        for (Relation r : wanted) {
            if (!granted.contains(r)) {
                execute(c, "GRANT SELECT ON TABLE " + qualified(r) + " TO " + PgQuote.ident(role));
            }
        }
        return role;
    }

    /** Roles of datasets that cover at least one PostgreSQL object, each synced. */
    public List<String> syncAll(Connection c, List<GrantedDataset> datasets) throws SQLException {
        return syncAll(c, datasets, new HashSet<>());
    }

    /**
     * Like {@link #syncAll(Connection, List)}, skipping datasets whose id is in {@code synced} (already synced in
     * this pass) and adding the ones it syncs, so a periodic pass over many instances syncs each dataset once.
     */
    public List<String> syncAll(Connection c, List<GrantedDataset> datasets, Set<Long> synced) throws SQLException {
        List<String> roles = new ArrayList<>();
        for (GrantedDataset d : datasets) {
            if (d.tables().isEmpty()) {
                continue;
            }
            if (synced.add(d.id())) {
                sync(c, d);
            }
            roles.add(roleName(d.id()));
        }
        return roles;
    }

    /** The dataset roles a role is a member of now. */
    List<String> memberships(Connection c, String role) throws SQLException {
        return Jdbc.query(c, "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                + "WHERE m.member = " + ROLE_OID, rs -> rs.getString(1), role);
    }

    private static String qualified(Relation r) {
        return PgQuote.ident(r.schema()) + "." + PgQuote.ident(r.table());
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
