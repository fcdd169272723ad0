package io.dataworkspace.launcher.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.UserRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GrantedDatasetsIT {
    private static Database database;
    private static Jdbc jdbc;
    private static UserRepository users;
    private static GrantedDatasets granted;

    @BeforeAll
    static void connect() {
        database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 4);
        jdbc = database.jdbc();
        users = new UserRepository(jdbc);
        ToolCatalogFile.builtIn().forEach(new ToolRepository(jdbc)::upsert);
        granted = new GrantedDatasets(jdbc);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static String newUser() {
        return users.create(UUID.randomUUID() + "@example.test", "Someone", null, false).id();
    }

    private static long dataset(String name, String schema, String table, String prefix) {
        long id = jdbc.queryOne("INSERT INTO datasets (name) VALUES (?) RETURNING id", rs -> rs.getLong(1), name)
                .orElseThrow();
        jdbc.update("INSERT INTO dataset_tables (dataset_id, schema_name, table_name) VALUES (?, ?, ?)", id, schema,
                table);
        jdbc.update("INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, ?)", id, prefix);
        return id;
    }

    @Test
    void shouldGrantDirectlyAndThroughTeamsButNotWhenExpired() {
        String user = newUser();
        String other = newUser();
        long direct = dataset("direct-" + user, "trade", "exports", "datasets/trade/");
        long byTeam = dataset("team-" + user, "health", null, "datasets/health/");
        long expired = dataset("expired-" + user, "old", "t", "datasets/old/");
        long team = jdbc.queryOne("INSERT INTO teams (name) VALUES (?) RETURNING id", rs -> rs.getLong(1),
                "team-" + user).orElseThrow();
        jdbc.update("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)", team, user);
        jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", direct, user);
        jdbc.update("INSERT INTO dataset_grants (dataset_id, team_id) VALUES (?, ?)", byTeam, team);
        jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id, expires_at) VALUES (?, ?, now() - interval '1 s')",
                expired, user);

        List<GrantedDataset> datasets = granted.forUser(user);

        assertThat(datasets).extracting(GrantedDataset::id).containsExactlyInAnyOrder(direct, byTeam);
        GrantedDataset trade = datasets.stream().filter(d -> d.id() == direct).findFirst().orElseThrow();
        assertThat(trade.tables()).containsExactly(new DatasetTable("trade", Optional.of("exports")));
        assertThat(trade.s3Prefixes()).containsExactly("datasets/trade/");
        GrantedDataset health = datasets.stream().filter(d -> d.id() == byTeam).findFirst().orElseThrow();
        assertThat(health.tables()).containsExactly(new DatasetTable("health", Optional.empty()));
        assertThat(granted.forUser(other)).isEmpty();
    }

    @Test
    void shouldGiveAVisualisationOnlyItsOwnGrants() {
        String user = newUser();
        jdbc.update("INSERT INTO tools (slug, name, kind, backend, spec, port) "
                + "VALUES ('viz' || substr(md5(?), 1, 8), 'Viz', 'visualisation', 'local', '{}', 0)", user);
        String slug = jdbc.queryOne("SELECT slug FROM tools WHERE slug = 'viz' || substr(md5(?), 1, 8)",
                rs -> rs.getString(1), user).orElseThrow();
        long forViz = dataset("viz-" + user, "viz", "t", "datasets/viz-" + user + "/");
        long forUser = dataset("user-" + user, "u", "t", "datasets/u-" + user + "/");
        jdbc.update("INSERT INTO dataset_grants (dataset_id, visualisation_slug) VALUES (?, ?)", forViz, slug);
        jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", forUser, user);

        assertThat(granted.forVisualisation(slug)).extracting(GrantedDataset::id).containsExactly(forViz);
        assertThat(granted.forUser(user)).extracting(GrantedDataset::id).containsExactly(forUser);
    }

    @Test
    void shouldRefuseUserPrefixesAndWildcardsInDatasetPrefixes() {
        long id = jdbc.queryOne("INSERT INTO datasets (name) VALUES (?) RETURNING id", rs -> rs.getLong(1),
                "bad-prefixes-" + UUID.randomUUID()).orElseThrow();
        for (String prefix : List.of("user/abc/", "datasets/*/", "/abs/", "no-slash")) {
            assertThatThrownBy(() -> jdbc.update(
                    "INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, ?)", id, prefix))
                    .as(prefix).isInstanceOf(RuntimeException.class);
        }
    }
}
