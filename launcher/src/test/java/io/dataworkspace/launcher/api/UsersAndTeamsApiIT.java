package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.api.AccessApiFixture.Client;
import io.dataworkspace.launcher.api.AccessApiFixture.Reply;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersAndTeamsApiIT {
    @TempDir
    static Path dataDir;

    private static AccessApiFixture fixture;
    private static String adminId;
    private static Client admin;

    @BeforeAll
    static void start() {
        fixture = AccessApiFixture.start(dataDir);
        adminId = fixture.newUser("Ada Admin", true);
        admin = fixture.as(adminId);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void shouldRefuseNonAdminsOnEveryAdminEndpoint() {
        String user = fixture.newUser("Nora Normal", false);
        Client client = fixture.as(user);
        List<Reply> replies = List.of(
                client.get("/api/v1/users"),
                client.patch("/api/v1/users/" + user, new JsonObject().put("admin", true)),
                client.get("/api/v1/teams"),
                client.post("/api/v1/teams", new JsonObject().put("name", "mine")),
                client.get("/api/v1/teams/1"),
                client.put("/api/v1/teams/1/members/" + user),
                client.post("/api/v1/tools", new JsonObject().put("slug", "x")),
                client.patch("/api/v1/tools/web", new JsonObject().put("name", "Mine")),
                client.get("/api/v1/tools/web/grants"),
                client.post("/api/v1/tools/web/grants", new JsonObject().put("userId", user)),
                client.post("/api/v1/datasets", new JsonObject().put("name", "mine")),
                client.get("/api/v1/audit"),
                client.get("/api/v1/audit.csv"));
        for (Reply reply : replies) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.error()).isEqualTo("only administrators may do this");
        }
        assertThat(fixture.jdbc().queryOne("SELECT is_admin FROM users WHERE id = ?", rs -> rs.getBoolean(1), user))
                .contains(false);
    }

    @Test
    void shouldRequireAUser() {
        Reply reply = fixture.as("nobody00000").get("/api/v1/me");
        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void shouldSearchUsersByEmailOrNameCaseInsensitivelyAndPageThroughThem() {
        String tag = "zq" + UUID.randomUUID().toString().substring(0, 6);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(fixture.newUser("Person " + tag + " Number" + i, false));
        }
        String other = fixture.newUser("Somebody Else", false);

        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            Reply page = admin.get("/api/v1/users?limit=3&q=" + tag.toUpperCase()
                    + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonArray users = page.json().getJsonArray("users");
            assertThat(users.size()).isLessThanOrEqualTo(3);
            for (int i = 0; i < users.size(); i++) {
                assertThat(seen.add(users.getJsonObject(i).getString("id"))).as("no user twice").isTrue();
            }
            after = page.json().getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);

        Reply bySubstring = admin.get("/api/v1/users?q=" + enc("number3"));
        assertThat(bySubstring.json().getJsonArray("users").size()).isGreaterThanOrEqualTo(1);
        Reply byEmailPrefix = admin.get("/api/v1/users?q=" + enc("somebody.else-"));
        assertThat(ids(byEmailPrefix.json().getJsonArray("users"))).contains(other);
        Reply wildcard = admin.get("/api/v1/users?q=" + enc("%"));
        assertThat(wildcard.json().getJsonArray("users")).isEmpty();
    }

    @Test
    void shouldRejectBadListParametersNamingThem() {
        Reply limit = admin.get("/api/v1/users?limit=501");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.error()).startsWith("limit:");
        Reply cursor = admin.get("/api/v1/users?after=%25%25%25");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.error()).startsWith("after:");
    }

    @Test
    void shouldChangeTheAdminFlagAndValidateTheBody() {
        String user = fixture.newUser("Pat Promoted", false);
        Reply promoted = admin.patch("/api/v1/users/" + user, new JsonObject().put("admin", true));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().getBoolean("admin")).isTrue();
        assertThat(fixture.as(user).get("/api/v1/users").status()).isEqualTo(200);

        Reply wrongType = admin.patch("/api/v1/users/" + user, new JsonObject().put("disabled", "yes"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.error()).startsWith("disabled:");
        Reply empty = admin.patch("/api/v1/users/" + user, new JsonObject());
        assertThat(empty.status()).isEqualTo(400);
        Reply unknown = admin.patch("/api/v1/users/nosuchuser1", new JsonObject().put("admin", true));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(auditActions(user)).contains("user.update");
    }

    @Test
    void shouldNotLetAnAdminDisableThemselvesOrDropTheirOwnAdminFlag() {
        Reply self = admin.patch("/api/v1/users/" + adminId, new JsonObject().put("disabled", true));
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.error()).startsWith("disabled:").contains("your own account");
        Reply demote = admin.patch("/api/v1/users/" + adminId, new JsonObject().put("admin", false));
        assertThat(demote.status()).isEqualTo(400);
        assertThat(demote.error()).startsWith("admin:");
    }

    @Test
    void shouldStopInstancesAndRevokeSessionsWhenAUserIsDisabled() {
        String user = fixture.newUser("Dora Disabled", false);
        Instance instance = fixture.launcher().spawns().requestStart(user, "web", user, null).instance();
        Poll.until(Duration.ofSeconds(60), "the instance to run",
                () -> fixture.launcher().instances().find(instance.id()).filter(i -> i.phase() == Phase.RUNNING)
                        .isPresent());
        UUID root = UUID.randomUUID();
        fixture.jdbc().update("INSERT INTO sessions (id, token_hash, user_id, expires_at) VALUES "
                + "(?, ?, ?, now() + interval '1 hour')", root, UUID.randomUUID().toString().getBytes(), user);
        fixture.jdbc().update("INSERT INTO sessions (id, token_hash, user_id, parent_id, host, expires_at) VALUES "
                + "(?, ?, ?, ?, 'web-x', now() + interval '1 hour')", UUID.randomUUID(),
                UUID.randomUUID().toString().getBytes(), user, root);

        Reply disabled = admin.patch("/api/v1/users/" + user, new JsonObject().put("disabled", true));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().getBoolean("disabled")).isTrue();

        assertThat(fixture.jdbc().queryOne("SELECT count(*) FROM sessions WHERE user_id = ? AND revoked_at IS NULL",
                rs -> rs.getInt(1), user)).contains(0);
        Poll.until(Duration.ofSeconds(30), "the instance to stop",
                () -> fixture.launcher().instances().find(instance.id()).filter(i -> i.phase() == Phase.STOPPED)
                        .isPresent());
        Reply start = fixture.bootstrap().post("/api/v1/instances", new JsonObject().put("userId", user)
                .put("tool", "web"));
        assertThat(start.status()).isEqualTo(403);
        assertThat(fixture.as(user).get("/api/v1/me").status()).as("a disabled user is signed out").isEqualTo(401);
        assertThat(auditActions(user)).contains("user.update", "user.disable");
    }

    @Test
    void shouldManageTeamsAndMembers() {
        String name = "Analysts " + UUID.randomUUID();
        Reply created = admin.post("/api/v1/teams", new JsonObject().put("name", name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().getLong("id");
        assertThat(admin.post("/api/v1/teams", new JsonObject().put("name", name)).status()).isEqualTo(409);
        Reply noName = admin.post("/api/v1/teams", new JsonObject());
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.error()).startsWith("name:");

        String member = fixture.newUser("Tess Teammate", false);
        Reply added = admin.put("/api/v1/teams/" + id + "/members/" + member);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().getJsonArray("members").getList()).containsExactly(member);
        assertThat(admin.put("/api/v1/teams/" + id + "/members/nosuchuser1").status()).isEqualTo(404);
        assertThat(admin.put("/api/v1/teams/999999/members/" + member).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/teams/abc").status()).isEqualTo(400);

        Reply renamed = admin.patch("/api/v1/teams/" + id, new JsonObject().put("name", name + " renamed"));
        assertThat(renamed.json().getString("name")).isEqualTo(name + " renamed");
        List<Long> listed = new ArrayList<>();
        JsonArray teams = admin.get("/api/v1/teams?limit=500").json().getJsonArray("teams");
        for (int i = 0; i < teams.size(); i++) {
            listed.add(teams.getJsonObject(i).getLong("id"));
        }
        assertThat(listed).contains(id);

        Reply removed = admin.delete("/api/v1/teams/" + id + "/members/" + member);
        assertThat(removed.json().getJsonArray("members")).isEmpty();
        assertThat(admin.delete("/api/v1/teams/" + id + "/members/" + member).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/teams/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/teams/" + id).status()).isEqualTo(404);
        assertThat(auditActions("team:" + id)).containsExactly("team.create", "team.member.add",
                "team.update", "team.member.remove", "team.delete");
    }

    @Test
    void shouldDocumentEveryApiEndpointInTheOpenApiFile() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
            var l = fixture.launcher();
            new LauncherApi(l.core(), (io.micrometer.prometheusmetrics.PrometheusMeterRegistry) l.metrics().registry())
                    .mount(router, ctx -> io.vertx.core.Future.succeededFuture(java.util.Optional.empty()), r -> null);
            Set<String> mounted = new java.util.TreeSet<>();
            for (io.vertx.ext.web.Route route : router.getRoutes()) {
                String path = route.getPath();
                if (path == null || !path.startsWith("/api/v1/") || route.methods() == null) {
                    continue;
                }
                String documented = path.substring("/api/v1".length()).replaceAll(":(\\w+)", "{$1}");
                route.methods().forEach(m -> mounted.add(m.name().toLowerCase() + " " + documented));
            }
            com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Path.of("../docs/openapi.yaml")
                    .toFile());
            Set<String> documented = new java.util.TreeSet<>();
            spec.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
                if (!m.equals("parameters")) {
                    documented.add(m + " " + path.getKey().replaceAll("\\{\\w+}", "{x}"));
                }
            }));
            Set<String> normalised = new java.util.TreeSet<>();
            mounted.forEach(m -> normalised.add(m.replaceAll("\\{\\w+}", "{x}")));
            assertThat(normalised).hasSizeGreaterThan(30).isEqualTo(documented);
        } finally {
            vertx.close();
        }
    }

    private static List<String> ids(JsonArray users) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            ids.add(users.getJsonObject(i).getString("id"));
        }
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> auditActions(String target) {
        return auditActions(target, fixture);
    }

    static List<String> auditActions(String target, AccessApiFixture fixture) {
        return fixture.jdbc().query("SELECT action FROM audit_events WHERE target = ? ORDER BY id",
                rs -> rs.getString(1), target);
    }
}
