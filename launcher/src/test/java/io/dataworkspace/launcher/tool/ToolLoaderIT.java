package io.dataworkspace.launcher.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.local.LocalProcessBackend;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates file at start: new and changed entries are applied, an administrator's edits survive restarts. */
class ToolLoaderIT {

    private static Database database;
    private static ToolRepository tools;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void connect() {
        database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 5);
        tools = new ToolRepository(database.jdbc());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static List<ToolTemplate> file(String name, String slug) {
        return ToolCatalogFile.parse(new ByteArrayInputStream(("""
                tools:
                  - slug: %s
                    name: %s
                    local:
                      command: [python3, -m, http.server, "${PORT}"]
                """.formatted(slug, name)).getBytes(StandardCharsets.UTF_8)), "inline");
    }

    @Test
    void shouldKeepAnAdministratorsEditUntilTheFileEntryChanges() {
        Backends none = new Backends(List.of());
        Backends local = new Backends(List.of(new LocalProcessBackend(dataDir.resolve("home"),
                dataDir.resolve("instances"), 20000, 29999)));

        new ToolLoader(tools, none).loadFile(file("Notebook", "nb"));
        assertThat(tools.find("nb").orElseThrow().name()).isEqualTo("Notebook");
        assertThat(tools.find("nb").orElseThrow().unavailableReason()).as("no local backend yet").isPresent();

        // an administrator renames it through the API
        new ToolLoader(tools, none).load(file("Renamed by an admin", "nb"));

        // a restart with the same file (and now a local backend): the edit stays, availability is refreshed
        new ToolLoader(tools, local).loadFile(file("Notebook", "nb"));
        ToolTemplate kept = tools.find("nb").orElseThrow();
        assertThat(kept.name()).isEqualTo("Renamed by an admin");
        assertThat(kept.unavailableReason()).isEmpty();

        // the operator changes the entry: the file wins
        new ToolLoader(tools, local).loadFile(file("Notebook 2", "nb"));
        assertThat(tools.find("nb").orElseThrow().name()).isEqualTo("Notebook 2");

        // and a new entry is inserted
        new ToolLoader(tools, local).loadFile(file("Other", "other"));
        assertThat(tools.find("other").orElseThrow().name()).isEqualTo("Other");
    }

    @Test
    void shouldHashTheSameTemplateTheSameWay() {
        assertThat(ToolLoader.sourceHash(file("A", "a").get(0))).isEqualTo(ToolLoader.sourceHash(file("A", "a").get(0)))
                .hasSize(64);
        assertThat(ToolLoader.sourceHash(file("A", "a").get(0))).isNotEqualTo(ToolLoader.sourceHash(file("B", "a").get(0)));
    }
}
