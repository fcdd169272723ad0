package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.api.AccessApiFixture.Client;
import io.dataworkspace.launcher.api.AccessApiFixture.Reply;
import io.dataworkspace.launcher.audit.AuditLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log through the API: filters, keyset pages, CSV export safe for spreadsheets. */
class AuditApiIT {
    @TempDir
    static Path dataDir;

    private static AccessApiFixture fixture;
    private static Client admin;
    private static String actor;

    @BeforeAll
    static void start() {
        fixture = AccessApiFixture.start(dataDir);
        admin = fixture.as(fixture.newUser("Ada Admin", true));
        actor = fixture.newUser("Andy Actor", false);
        AuditLog log = new AuditLog(fixture.jdbc());
        for (int i = 0; i < 25; i++) {
            log.record(actor, "test.paged", "thing:" + i, "192.0.2.1", Map.of("i", i));
        }
        log.record(actor, "test.hostile", "=HYPERLINK(\"http://evil\"),x", "192.0.2.1",
                Map.of("note", "line one\nline \"two\", with comma", "formula", "+SUM(A1)"));
        log.record(actor, "test.hostile", "@cmd", null, Map.of());
        log.record(actor, "test.hostile", "-2+3", null, Map.of());
        log.record(actor, "test.hostile", "two\nlines, \"quoted\"", null, Map.of());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void shouldPageThroughFilteredEventsNewestFirstWithoutRepeats() {
        Set<String> targets = new HashSet<>();
        String after = null;
        Instant previous = Instant.MAX;
        int pages = 0;
        do {
            Reply page = admin.get("/api/v1/audit?limit=10&action=test.paged&actor=" + actor
                    + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonArray events = page.json().getJsonArray("events");
            for (int i = 0; i < events.size(); i++) {
                JsonObject e = events.getJsonObject(i);
                assertThat(e.getString("action")).isEqualTo("test.paged");
                assertThat(e.getString("actor")).isEqualTo(actor);
                assertThat(e.getString("sourceIp")).isEqualTo("192.0.2.1");
                assertThat(e.getJsonObject("details").getInteger("i")).isNotNull();
                Instant at = Instant.parse(e.getString("at"));
                assertThat(at).isBeforeOrEqualTo(previous);
                previous = at;
                assertThat(targets.add(e.getString("target"))).isTrue();
            }
            after = page.json().getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertThat(targets).hasSize(25);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldFilterByTimeAndActionFamily() {
        Reply future = admin.get("/api/v1/audit?from=" + enc(Instant.now().plusSeconds(3600).toString()));
        assertThat(future.json().getJsonArray("events")).isEmpty();
        Reply past = admin.get("/api/v1/audit?actor=" + actor + "&to=" + enc(Instant.now().plusSeconds(60)
                .toString()) + "&from=2020-01-01T00:00:00Z&limit=500");
        assertThat(past.json().getJsonArray("events").size()).isEqualTo(29);
        Reply family = admin.get("/api/v1/audit?action=test.*&limit=500");
        assertThat(family.json().getJsonArray("events").size()).isEqualTo(29);
        Reply badTime = admin.get("/api/v1/audit?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.error()).startsWith("from:");
        Reply inverted = admin.get("/api/v1/audit?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z");
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/audit?after=bm9wZQ").status()).isEqualTo(400);
    }

    @Test
    void shouldRecordAdminChangesWithActorAndSourceIp() {
        String user = fixture.newUser("Una Updated", false);
        admin.patch("/api/v1/users/" + user, new JsonObject().put("admin", true));
        JsonArray events = admin.get("/api/v1/audit?action=user.update").json().getJsonArray("events");
        JsonObject event = events.getJsonObject(0);
        assertThat(event.getString("target")).isEqualTo(user);
        assertThat(event.getString("actor")).isNotNull();
        assertThat(event.getString("sourceIp")).isEqualTo("192.0.2.7");
        assertThat(event.getJsonObject("details").getBoolean("admin")).isTrue();
    }

    @Test
    void shouldExportCsvThatSpreadsheetsReadAsText() {
        Reply csv = admin.get("/api/v1/audit.csv?action=test.hostile");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String body = csv.body();
        assertThat(body).startsWith("id,at,actor,action,target,source_ip,details\r\n");
        assertThat(body).contains(",\"'=HYPERLINK(\"\"http://evil\"\"),x\",");
        assertThat(body).contains(",'@cmd,");
        assertThat(body).contains(",'-2+3,");
        assertThat(body).contains(",\"{\"\"note\"\": \"\"line one\\nline ");
        assertThat(body).contains(",\"two\nlines, \"\"quoted\"\"\",");
        assertThat(body.split("\r\n")).hasSize(5);
        for (String line : body.split("\r\n")) {
            for (String cell : line.split(",")) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
            }
        }
        Reply all = admin.get("/api/v1/audit.csv?actor=" + actor);
        assertThat(all.body().split("\r\n")).hasSize(30);
    }
}
