package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.UserRepository;
import java.util.UUID;

/** A migrated control-plane database with helpers to add users, live instances, datasets and grants. */
final class ControlPlaneFixture implements AutoCloseable {
    final Database database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 4);
    final Jdbc jdbc = database.jdbc();
    private final UserRepository users = new UserRepository(jdbc);

    ControlPlaneFixture() {
        ToolCatalogFile.builtIn().forEach(new ToolRepository(jdbc)::upsert);
    }

    String user() {
        return users.create(UUID.randomUUID() + "@example.test", "Someone", null, false).id();
    }

    /** A RUNNING instance of the built-in jupyter tool. */
    UUID runningInstance(String userId) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO instances (id, host, user_id, tool_slug, state, backend) VALUES (?, ?, ?, 'jupyter', "
                + "'RUNNING', 'local')", id, "jupyter-" + userId + "-" + id, userId);
        return id;
    }

    void setState(UUID instance, String state) {
        jdbc.update("UPDATE instances SET state = ? WHERE id = ?", state, instance);
    }

    long dataset(String name) {
        return jdbc.queryOne("INSERT INTO datasets (name) VALUES (?) RETURNING id", rs -> rs.getLong(1), name)
                .orElseThrow();
    }

    void table(long dataset, String schema, String table) {
        jdbc.update("INSERT INTO dataset_tables (dataset_id, schema_name, table_name) VALUES (?, ?, ?)", dataset,
                schema, table);
    }

    void prefix(long dataset, String prefix) {
        jdbc.update("INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, ?)", dataset, prefix);
    }

    void grant(long dataset, String userId) {
        jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", dataset, userId);
    }

    void revokeGrant(long dataset, String userId) {
        jdbc.update("DELETE FROM dataset_grants WHERE dataset_id = ? AND user_id = ?", dataset, userId);
    }

    @Override
    public void close() {
        database.close();
    }
}
