package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.api.AccessApiFixture.Client;
import io.dataworkspace.launcher.api.AccessApiFixture.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tools: editing templates, access modes, tool grants (direct, team, expiring), refusals, visualisations. */
class ToolAccessApiIT {
    private static final JsonObject LOCAL_SPEC = new JsonObject().put("local", new JsonObject()
            .put("command", new JsonArray(List.of("python3", "-m", "http.server", "${PORT}", "--bind",
                    "127.0.0.1"))));

    @TempDir
    static Path dataDir;

    private static AccessApiFixture fixture;
    private static Client admin;

    @BeforeAll
    static void start() {
        fixture = AccessApiFixture.start(dataDir);
        admin = fixture.as(fixture.newUser("Ada Admin", true));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String newTool(String kind, String access) {
        String slug = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Reply created = admin.post("/api/v1/tools", new JsonObject().put("slug", slug).put("name", "Tool " + slug)
                .put("kind", kind).put("backend", "local").put("spec", LOCAL_SPEC).put("access", access)
                .put("idleTimeoutSeconds", 600));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return slug;
    }

    private static Reply start(Client client, String tool) {
        return client.post("/api/v1/instances", new JsonObject().put("tool", tool));
    }

    private static JsonObject toolIn(Reply tools, String slug) {
        JsonArray list = tools.json().getJsonArray("tools");
        for (int i = 0; i < list.size(); i++) {
            if (slug.equals(list.getJsonObject(i).getString("slug"))) {
                return list.getJsonObject(i);
            }
        }
        throw new AssertionError("tool " + slug + " not listed: " + tools.body());
    }

    @Test
    void shouldCreateAndEditToolsValidatingEveryField() {
        String slug = newTool("tool", "everyone");
        JsonObject listed = toolIn(admin.get("/api/v1/tools"), slug);
        assertThat(listed.getString("access")).isEqualTo("everyone");
        assertThat(listed.getBoolean("available")).isTrue();
        assertThat(listed.getLong("idleTimeoutSeconds")).isEqualTo(600);

        Reply duplicate = admin.post("/api/v1/tools", new JsonObject().put("slug", slug).put("name", "Again")
                .put("spec", LOCAL_SPEC));
        assertThat(duplicate.status()).isEqualTo(409);

        Reply badSlug = admin.post("/api/v1/tools", new JsonObject().put("slug", "Bad Slug").put("name", "x")
                .put("spec", LOCAL_SPEC));
        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(badSlug.error()).startsWith("slug:");
        Reply badMemory = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("memoryMb", 0));
        assertThat(badMemory.status()).isEqualTo(400);
        assertThat(badMemory.error()).startsWith("memoryMb:");
        Reply badAccess = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("access", "some"));
        assertThat(badAccess.status()).isEqualTo(400);
        assertThat(badAccess.error()).startsWith("access:");
        Reply badKind = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("kind", "app"));
        assertThat(badKind.error()).startsWith("kind:");
        Reply unknownField = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("image", "x"));
        assertThat(unknownField.error()).startsWith("image:");
        Reply noSection = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("backend", "fargate"));
        assertThat(noSection.status()).isEqualTo(400);
        assertThat(noSection.error()).startsWith("spec:");
        assertThat(admin.patch("/api/v1/tools/nosuchtool", new JsonObject().put("name", "x")).status())
                .isEqualTo(404);

        Reply edited = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("name", "Renamed")
                .put("enabled", false).put("maxLifetimeSeconds", 7200).put("access", "granted"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().getString("name")).isEqualTo("Renamed");
        assertThat(edited.json().getBoolean("enabled")).isFalse();
        assertThat(edited.json().getString("access")).isEqualTo("granted");
        assertThat(edited.json().getLong("maxLifetimeSeconds")).isEqualTo(7200);
        assertThat(UsersAndTeamsApiIT.auditActions("tool:" + slug, fixture)).containsExactly("tool.create",
                "tool.update");
    }

    @Test
    void shouldOfferSizesValidateThemAndStoreTheChosenSizeOnTheInstance() {
        String slug = newTool("tool", "everyone");
        JsonArray sizes = new JsonArray()
                .add(new JsonObject().put("name", "small").put("cpuMillicores", 500).put("memoryMb", 1024))
                .add(new JsonObject().put("name", "large").put("cpuMillicores", 4000).put("memoryMb", 16384));
        Reply edited = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("sizes", sizes));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().getJsonArray("sizes")).isEqualTo(sizes);
        assertThat(toolIn(fixture.as(fixture.newUser("Sam Sizes", false)).get("/api/v1/tools"), slug)
                .getJsonArray("sizes")).isEqualTo(sizes);

        JsonObject dup = new JsonObject().put("name", "small").put("cpuMillicores", 1).put("memoryMb", 1);
        Reply duplicate = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("sizes", sizes.copy().add(dup)));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.error()).startsWith("sizes[2].name:");
        Reply zeroCpu = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("sizes", new JsonArray()
                .add(new JsonObject().put("name", "x").put("cpuMillicores", 0).put("memoryMb", 1))));
        assertThat(zeroCpu.status()).isEqualTo(400);
        assertThat(zeroCpu.error()).startsWith("sizes[0].cpuMillicores:");
        JsonArray eleven = new JsonArray();
        for (int i = 0; i < 11; i++) {
            eleven.add(new JsonObject().put("name", "s" + i).put("cpuMillicores", 100).put("memoryMb", 100));
        }
        Reply tooMany = admin.patch("/api/v1/tools/" + slug, new JsonObject().put("sizes", eleven));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error()).startsWith("sizes:").contains("at most 10");
        assertThat(admin.patch("/api/v1/tools/" + slug, new JsonObject().put("sizes", "big")).error())
                .startsWith("sizes:");
        assertThat(admin.get("/api/v1/tools/" + slug).json().getJsonArray("sizes")).isEqualTo(sizes);

        Client user = fixture.as(fixture.newUser("Una Sized", false));
        Reply unknown = user.post("/api/v1/instances", new JsonObject().put("tool", slug).put("size", "huge"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).startsWith("size:").contains("small", "large");
        assertThat(user.post("/api/v1/instances", new JsonObject().put("tool", slug).put("size", 4)).error())
                .startsWith("size:");

        Reply started = user.post("/api/v1/instances", new JsonObject().put("tool", slug).put("size", "large"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        UUID id = UUID.fromString(started.json().getString("id"));
        assertThat(fixture.launcher().instances().chosenResources(id))
                .contains(new io.dataworkspace.launcher.instance.InstanceRepository.Resources(4000, 16384));
        assertThat(user.post("/api/v1/instances/" + id + "/stop", new JsonObject()).status()).isEqualTo(202);

        Client other = fixture.as(fixture.newUser("Dee Fault", false));
        Reply byDefault = start(other, slug);
        assertThat(byDefault.status()).isEqualTo(201);
        UUID defaultId = UUID.fromString(byDefault.json().getString("id"));
        assertThat(fixture.launcher().instances().chosenResources(defaultId)).isEmpty();
        assertThat(other.post("/api/v1/instances/" + defaultId + "/stop", new JsonObject()).status()).isEqualTo(202);
    }

    @Test
    void shouldRefuseAGrantedToolToUsersWithoutAGrantAndAuditTheDenial() {
        String slug = newTool("tool", "granted");
        String user = fixture.newUser("Gail Grantless", false);
        Client client = fixture.as(user);

        assertThat(toolIn(client.get("/api/v1/tools"), slug).getBoolean("mayUse")).isFalse();
        Reply refused = start(client, slug);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).contains("needs access granted by an administrator");
        assertThat(UsersAndTeamsApiIT.auditActions(slug, fixture)).contains("access.denied");

        Reply grant = admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", user));
        assertThat(grant.status()).as(grant.body()).isEqualTo(201);
        assertThat(grant.json().getString("userId")).isEqualTo(user);
        assertThat(admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", user)).status())
                .isEqualTo(409);
        assertThat(toolIn(client.get("/api/v1/tools"), slug).getBoolean("mayUse")).isTrue();
        Reply started = start(client, slug);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().getString("host")).isEqualTo(slug + "-" + user);
        assertThat(client.post("/api/v1/instances/" + started.json().getString("id") + "/stop", null).status())
                .isEqualTo(202);

        long grantId = grant.json().getLong("id");
        assertThat(admin.delete("/api/v1/tools/" + slug + "/grants/" + grantId).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/tools/" + slug + "/grants/" + grantId).status()).isEqualTo(404);
        assertThat(start(client, slug).status()).isEqualTo(403);
        assertThat(UsersAndTeamsApiIT.auditActions("tool:" + slug, fixture)).contains("grant.create", "grant.revoke");
    }

    @Test
    void shouldApplyTeamGrantsToMembersOnlyWhileTheyAreMembers() {
        String slug = newTool("tool", "granted");
        String user = fixture.newUser("Tom Teammate", false);
        long team = admin.post("/api/v1/teams", new JsonObject().put("name", "team " + slug)).json().getLong("id");
        assertThat(admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("teamId", team)).status())
                .isEqualTo(201);
        assertThat(toolIn(fixture.as(user).get("/api/v1/tools"), slug).getBoolean("mayUse")).isFalse();

        admin.put("/api/v1/teams/" + team + "/members/" + user);
        assertThat(toolIn(fixture.as(user).get("/api/v1/tools"), slug).getBoolean("mayUse")).isTrue();
        assertThat(fixture.launcher().tools().grantedTo(slug, user)).isTrue();

        admin.delete("/api/v1/teams/" + team + "/members/" + user);
        assertThat(toolIn(fixture.as(user).get("/api/v1/tools"), slug).getBoolean("mayUse")).isFalse();
        assertThat(start(fixture.as(user), slug).status()).isEqualTo(403);
    }

    @Test
    void shouldGrantNothingOnceAGrantHasExpired() {
        String slug = newTool("tool", "granted");
        String user = fixture.newUser("Ezra Expired", false);
        Reply past = admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", user)
                .put("expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.error()).startsWith("expiresAt:");
        Reply grant = admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", user)
                .put("expiresAt", Instant.now().plusSeconds(3600).toString()));
        assertThat(grant.status()).isEqualTo(201);
        assertThat(toolIn(fixture.as(user).get("/api/v1/tools"), slug).getBoolean("mayUse")).isTrue();

        fixture.jdbc().update("UPDATE tool_grants SET expires_at = now() - interval '1 second' WHERE id = ?",
                grant.json().getLong("id"));
        assertThat(toolIn(fixture.as(user).get("/api/v1/tools"), slug).getBoolean("mayUse")).isFalse();
        assertThat(start(fixture.as(user), slug).status()).isEqualTo(403);
    }

    @Test
    void shouldValidateGrantBodies() {
        String slug = newTool("tool", "granted");
        String user = fixture.newUser("Val Idate", false);
        Reply both = admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", user)
                .put("teamId", 1));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error()).startsWith("userId, teamId:");
        Reply none = admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject());
        assertThat(none.status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", "nosuchuser1"))
                .status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("teamId", 999999))
                .status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/tools/nosuchtool/grants", new JsonObject().put("userId", user)).status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/tools/nosuchtool/grants").status()).isEqualTo(404);
    }

    @Test
    void shouldShareOneVisualisationInstanceAmongViewersAndRefuseOthers() {
        String slug = newTool("visualisation", "granted");
        String viewer = fixture.newUser("Vic Viewer", false);
        String second = fixture.newUser("Sam Second", false);
        String outsider = fixture.newUser("Olly Outsider", false);
        admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", viewer));
        admin.post("/api/v1/tools/" + slug + "/grants", new JsonObject().put("userId", second));

        Reply refused = start(fixture.as(outsider), slug);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).contains("view");
        assertThat(fixture.launcher().spawns().mayStart(fixture.launcher().users().find(outsider).orElseThrow(),
                fixture.launcher().tools().find(slug).orElseThrow())).isFalse();

        Reply first = start(fixture.as(viewer), slug);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().getString("host")).isEqualTo(slug);
        Reply again = start(fixture.as(second), slug);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));

        JsonObject me = fixture.as(outsider).get("/api/v1/me").json();
        JsonArray visualisations = me.getJsonArray("visualisations");
        boolean found = false;
        for (int i = 0; i < visualisations.size(); i++) {
            JsonObject v = visualisations.getJsonObject(i);
            if (slug.equals(v.getString("slug"))) {
                found = true;
                assertThat(v.getBoolean("mayView")).isFalse();
                assertThat(v.getString("host")).isEqualTo(slug);
            }
        }
        assertThat(found).isTrue();
        assertThat(fixture.bootstrap().post("/api/v1/instances/" + first.json().getString("id") + "/stop", null)
                .status()).isEqualTo(202);
    }

    @Test
    void shouldShowTheUsersToolsWithTheirInstancesOnMe() {
        String slug = newTool("tool", "everyone");
        String user = fixture.newUser("Mia Me", false);
        Client client = fixture.as(user);
        Reply started = start(client, slug);
        assertThat(started.status()).isEqualTo(201);
        JsonObject me = client.get("/api/v1/me").json();
        assertThat(me.getJsonObject("user").getString("id")).isEqualTo(user);
        JsonObject tool = toolIn(new Reply(200, "", me.encode()), slug);
        assertThat(tool.getBoolean("mayUse")).isTrue();
        assertThat(tool.getJsonObject("instance").getString("id")).isEqualTo(started.json().getString("id"));
        assertThat(tool.getJsonObject("instance").getString("host")).isEqualTo(slug + "-" + user);
        assertThat(tool.containsKey("spec")).as("users do not see launch specs").isFalse();
        client.post("/api/v1/instances/" + started.json().getString("id") + "/stop", null);
    }
}
