package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.api.AccessApiFixture.Client;
import io.dataworkspace.launcher.api.AccessApiFixture.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets, their grants (user, team, visualisation, expiring), owners, and access requests. */
class DatasetAccessApiIT {
    @TempDir
    static Path dataDir;

    private static AccessApiFixture fixture;
    private static Client admin;
    private static GrantedDatasets granted;

    @BeforeAll
    static void start() {
        fixture = AccessApiFixture.start(dataDir);
        admin = fixture.as(fixture.newUser("Ada Admin", true));
        granted = new GrantedDatasets(fixture.jdbc());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static long newDataset(String owner) {
        String name = "trade " + UUID.randomUUID().toString().substring(0, 8);
        JsonObject body = new JsonObject().put("name", name).put("description", "Trade flows")
                .put("tables", new JsonArray().add(new JsonObject().put("schema", "public").put("table", "trade"))
                        .add(new JsonObject().put("schema", "ref")))
                .put("s3Prefixes", new JsonArray().add("datasets/" + name.replace(' ', '-') + "/"));
        if (owner != null) {
            body.put("ownerUserId", owner);
        }
        Reply created = admin.post("/api/v1/datasets", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getLong("id");
    }

    private static List<Long> grantedIds(String user) {
        return granted.forUser(user).stream().map(GrantedDataset::id).toList();
    }

    private static List<Long> listedIds(Client client) {
        List<Long> ids = new ArrayList<>();
        JsonArray list = client.get("/api/v1/datasets?limit=500").json().getJsonArray("datasets");
        for (int i = 0; i < list.size(); i++) {
            ids.add(list.getJsonObject(i).getLong("id"));
        }
        return ids;
    }

    @Test
    void shouldCreateDatasetsAndValidateTheirFieldsByName() {
        long id = newDataset(null);
        JsonObject dataset = admin.get("/api/v1/datasets/" + id).json();
        assertThat(dataset.getJsonArray("tables").size()).isEqualTo(2);
        assertThat(dataset.getJsonArray("tables").getJsonObject(0).getString("schema")).isEqualTo("public");
        assertThat(dataset.getJsonArray("tables").getJsonObject(1).getValue("table")).isNull();

        Reply duplicate = admin.post("/api/v1/datasets", new JsonObject().put("name", dataset.getString("name")));
        assertThat(duplicate.status()).isEqualTo(409);
        Reply badPrefix = admin.post("/api/v1/datasets", new JsonObject().put("name", "x" + UUID.randomUUID())
                .put("s3Prefixes", new JsonArray().add("datasets/ok/").add("user/abc/")));
        assertThat(badPrefix.status()).isEqualTo(400);
        assertThat(badPrefix.error()).startsWith("s3Prefixes[1]:");
        Reply noSlash = admin.post("/api/v1/datasets", new JsonObject().put("name", "x" + UUID.randomUUID())
                .put("s3Prefixes", new JsonArray().add("datasets/*")));
        assertThat(noSlash.error()).startsWith("s3Prefixes[0]:");
        Reply badTable = admin.post("/api/v1/datasets", new JsonObject().put("name", "x" + UUID.randomUUID())
                .put("tables", new JsonArray().add(new JsonObject().put("table", "t"))));
        assertThat(badTable.error()).startsWith("tables[0].schema:");
        Reply noName = admin.post("/api/v1/datasets", new JsonObject().put("description", "x"));
        assertThat(noName.error()).startsWith("name:");
        Reply unknownOwner = admin.post("/api/v1/datasets", new JsonObject().put("name", "x" + UUID.randomUUID())
                .put("ownerUserId", "nosuchuser1"));
        assertThat(unknownOwner.status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/datasets/999999").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/datasets/abc").status()).isEqualTo(400);

        Reply changed = admin.patch("/api/v1/datasets/" + id, new JsonObject().put("tables", new JsonArray()
                .add(new JsonObject().put("schema", "public").put("table", "trade2"))));
        assertThat(changed.json().getJsonArray("tables").getJsonObject(0).getString("table")).isEqualTo("trade2");
        assertThat(changed.json().getJsonArray("s3Prefixes").size()).as("untouched").isEqualTo(1);
        assertThat(admin.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(UsersAndTeamsApiIT.auditActions("dataset:" + id, fixture)).containsExactly("dataset.create",
                "dataset.update", "dataset.delete");
    }

    @Test
    void shouldLetTheOwnerManageGrantsAndDescriptionButNotWhatTheDatasetCovers() {
        String owner = fixture.newUser("Olive Owner", false);
        String reader = fixture.newUser("Rita Reader", false);
        String stranger = fixture.newUser("Stan Stranger", false);
        long id = newDataset(owner);
        Client asOwner = fixture.as(owner);

        assertThat(asOwner.get("/api/v1/datasets/" + id).status()).isEqualTo(200);
        assertThat(asOwner.patch("/api/v1/datasets/" + id, new JsonObject().put("description", "Better"))
                .json().getString("description")).isEqualTo("Better");
        Reply widen = asOwner.patch("/api/v1/datasets/" + id, new JsonObject().put("tables", new JsonArray()
                .add(new JsonObject().put("schema", "secret"))));
        assertThat(widen.status()).isEqualTo(403);
        assertThat(asOwner.delete("/api/v1/datasets/" + id).status()).isEqualTo(403);

        Client asStranger = fixture.as(stranger);
        assertThat(asStranger.get("/api/v1/datasets/" + id).status()).isEqualTo(403);
        assertThat(asStranger.patch("/api/v1/datasets/" + id, new JsonObject().put("name", "mine")).status())
                .isEqualTo(403);
        assertThat(asStranger.get("/api/v1/datasets/" + id + "/grants").status()).isEqualTo(403);
        assertThat(asStranger.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", stranger))
                .status()).isEqualTo(403);
        assertThat(listedIds(asStranger)).doesNotContain(id);

        Reply grant = asOwner.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", reader));
        assertThat(grant.status()).as(grant.body()).isEqualTo(201);
        assertThat(asOwner.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", reader))
                .status()).isEqualTo(409);
        assertThat(grantedIds(reader)).contains(id);
        assertThat(listedIds(fixture.as(reader))).contains(id);
        assertThat(listedIds(asOwner)).contains(id);

        JsonObject me = fixture.as(reader).get("/api/v1/me").json();
        JsonObject mine = me.getJsonArray("datasets").getJsonObject(0);
        assertThat(mine.getLong("id")).isEqualTo(id);
        assertThat(mine.getString("description")).isEqualTo("Better");
        // this launcher has no datasets database (DATABASE_URL set, DATASETS_DATABASE_URL not): no DSN is promised
        assertThat(mine.getString("dsnVariable")).isNull();
        assertThat(mine.getJsonArray("s3Paths").getString(0)).startsWith("s3://").endsWith("/");

        assertThat(asOwner.delete("/api/v1/datasets/" + id + "/grants/" + grant.json().getLong("id")).status())
                .isEqualTo(204);
        assertThat(grantedIds(reader)).doesNotContain(id);
        assertThat(asOwner.delete("/api/v1/datasets/" + id + "/grants/" + grant.json().getLong("id")).status())
                .isEqualTo(404);
    }

    @Test
    void shouldApplyTeamAndVisualisationGrantsAndIgnoreExpiredOnes() {
        long id = newDataset(null);
        String member = fixture.newUser("Mo Member", false);
        long team = admin.post("/api/v1/teams", new JsonObject().put("name", "team " + id)).json().getLong("id");
        admin.put("/api/v1/teams/" + team + "/members/" + member);
        assertThat(admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("teamId", team)).status())
                .isEqualTo(201);
        assertThat(grantedIds(member)).contains(id);
        admin.delete("/api/v1/teams/" + team + "/members/" + member);
        assertThat(grantedIds(member)).doesNotContain(id);

        String slug = "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        fixture.jdbc().update("INSERT INTO tools (slug, name, kind, backend, spec, port) VALUES (?, 'Viz', "
                + "'visualisation', 'local', '{\"local\": {}}', 0)", slug);
        Reply toViz = admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("visualisation", slug));
        assertThat(toViz.status()).as(toViz.body()).isEqualTo(201);
        assertThat(granted.forVisualisation(slug)).extracting(GrantedDataset::id).containsExactly(id);
        Reply toTool = admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("visualisation", "web"));
        assertThat(toTool.status()).isEqualTo(400);
        assertThat(toTool.error()).startsWith("visualisation:");

        String expiring = fixture.newUser("Eve Expiring", false);
        Reply grant = admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", expiring)
                .put("expiresAt", "2999-01-01T00:00:00Z"));
        assertThat(grant.json().getString("expiresAt")).isEqualTo("2999-01-01T00:00:00Z");
        assertThat(grantedIds(expiring)).contains(id);
        fixture.jdbc().update("UPDATE dataset_grants SET expires_at = now() - interval '1 second' WHERE id = ?",
                grant.json().getLong("id"));
        assertThat(grantedIds(expiring)).doesNotContain(id);
        assertThat(listedIds(fixture.as(expiring))).doesNotContain(id);
        assertThat(fixture.as(expiring).get("/api/v1/me").json().getJsonArray("datasets")).isEmpty();
        Reply badTime = admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", expiring)
                .put("expiresAt", "tomorrow"));
        assertThat(badTime.error()).startsWith("expiresAt:");
    }

    /** Walks the whole catalogue two entries a page, as the given user, and returns the entry of the dataset. */
    private static JsonObject catalogueEntry(Client client, long id) {
        JsonObject found = null;
        String next = null;
        int pages = 0;
        do {
            Reply page = client.get("/api/v1/catalogue/datasets?limit=2" + (next == null ? "" : "&after=" + next));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonArray list = page.json().getJsonArray("datasets");
            assertThat(list.size()).isLessThanOrEqualTo(2);
            for (int i = 0; i < list.size(); i++) {
                if (list.getJsonObject(i).getLong("id") == id) {
                    found = list.getJsonObject(i);
                }
            }
            next = page.json().getString("next");
            assertThat(++pages).isLessThan(1000);
        } while (next != null);
        assertThat(found).as("dataset " + id + " in the catalogue").isNotNull();
        return found;
    }

    @Test
    void shouldListEveryDatasetInTheCatalogueWithoutWhatItCoversAndTheCallersAccess() {
        String owner = fixture.newUser("Olga Owner", false);
        newDataset(null);
        long id = newDataset(owner);
        newDataset(null);
        String user = fixture.newUser("Cat Browser", false);
        Client asUser = fixture.as(user);
        assertThat(listedIds(asUser)).doesNotContain(id);

        JsonObject entry = catalogueEntry(asUser, id);
        assertThat(entry.fieldNames()).containsExactlyInAnyOrder("id", "name", "description", "ownerName",
                "hasAccess", "requestPending");
        assertThat(entry.getString("description")).isEqualTo("Trade flows");
        assertThat(entry.getString("ownerName")).isEqualTo("Olga Owner");
        assertThat(entry.getBoolean("hasAccess")).isFalse();
        assertThat(entry.getBoolean("requestPending")).isFalse();

        assertThat(asUser.post("/api/v1/access-requests", new JsonObject().put("datasetId", id)
                .put("reason", "Seen in the catalogue")).status()).isEqualTo(201);
        assertThat(catalogueEntry(asUser, id).getBoolean("requestPending")).isTrue();
        assertThat(catalogueEntry(fixture.as(fixture.newUser("Someone Else", false)), id)
                .getBoolean("requestPending")).isFalse();

        Reply grant = admin.post("/api/v1/datasets/" + id + "/grants", new JsonObject().put("userId", user));
        assertThat(grant.status()).as(grant.body()).isEqualTo(201);
        assertThat(catalogueEntry(asUser, id).getBoolean("hasAccess")).isTrue();
        assertThat(asUser.get("/api/v1/catalogue/datasets?after=nonsense").status()).isEqualTo(400);
        assertThat(asUser.get("/api/v1/catalogue/datasets?limit=0").status()).isEqualTo(400);
    }

    @Test
    void shouldApproveADatasetRequestByCreatingTheGrantInOneStep() {
        String owner = fixture.newUser("Owen Owner", false);
        long id = newDataset(owner);
        String user = fixture.newUser("Rae Requester", false);
        Client asUser = fixture.as(user);

        Reply request = asUser.post("/api/v1/access-requests", new JsonObject().put("datasetId", id)
                .put("reason", "Quarterly report"));
        assertThat(request.status()).as(request.body()).isEqualTo(201);
        assertThat(request.json().getString("state")).isEqualTo("PENDING");
        long requestId = request.json().getLong("id");
        assertThat(asUser.post("/api/v1/access-requests", new JsonObject().put("datasetId", id)
                .put("reason", "Again")).status()).isEqualTo(409);
        Reply noReason = asUser.post("/api/v1/access-requests", new JsonObject().put("datasetId", id));
        assertThat(noReason.error()).startsWith("reason:");
        assertThat(asUser.post("/api/v1/access-requests", new JsonObject().put("datasetId", 999999)
                .put("reason", "x")).status()).isEqualTo(404);

        String other = fixture.newUser("Ozzy Other", false);
        assertThat(fixture.as(other).post("/api/v1/access-requests/" + requestId + "/approve", null).status())
                .isEqualTo(403);
        assertThat(asUser.post("/api/v1/access-requests/" + requestId + "/approve", null).status()).isEqualTo(403);
        assertThat(fixture.as(other).get("/api/v1/access-requests").json().getJsonArray("requests")).isEmpty();
        assertThat(grantedIds(user)).doesNotContain(id);

        JsonArray ownerSees = fixture.as(owner).get("/api/v1/access-requests?state=PENDING").json()
                .getJsonArray("requests");
        assertThat(ownerSees.size()).isEqualTo(1);
        Reply approved = fixture.as(owner).post("/api/v1/access-requests/" + requestId + "/approve",
                new JsonObject().put("note", "ok"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().getString("state")).isEqualTo("APPROVED");
        assertThat(approved.json().getString("decidedBy")).isEqualTo(owner);
        assertThat(grantedIds(user)).contains(id);
        assertThat(fixture.as(owner).post("/api/v1/access-requests/" + requestId + "/reject", null).status())
                .isEqualTo(409);

        JsonObject me = asUser.get("/api/v1/me").json();
        assertThat(me.getJsonArray("requests").getJsonObject(0).getString("state")).isEqualTo("APPROVED");
        assertThat(UsersAndTeamsApiIT.auditActions("request:" + requestId, fixture)).containsExactly(
                "request.create", "request.approve");
        assertThat(admin.post("/api/v1/access-requests/999999/approve", null).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/access-requests?state=LOST").error()).startsWith("state:");
    }

    @Test
    void shouldApproveAToolRequestSoTheUserCanStartIt() {
        String slug = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        assertThat(admin.post("/api/v1/tools", new JsonObject().put("slug", slug).put("name", "Granted tool")
                .put("access", "granted").put("spec", new JsonObject().put("local", new JsonObject()
                        .put("command", new JsonArray().add("python3").add("-m").add("http.server").add("${PORT}").add("--bind")
                        .add("127.0.0.1"))))).status()).isEqualTo(201);
        String user = fixture.newUser("Tilly Toolless", false);
        Client asUser = fixture.as(user);
        assertThat(asUser.post("/api/v1/instances", new JsonObject().put("tool", slug)).status()).isEqualTo(403);

        long requestId = asUser.post("/api/v1/access-requests", new JsonObject().put("toolSlug", slug)
                .put("reason", "Need it")).json().getLong("id");
        Reply rejected = admin.post("/api/v1/access-requests/" + requestId + "/reject",
                new JsonObject().put("note", "not yet"));
        assertThat(rejected.json().getString("state")).isEqualTo("REJECTED");
        assertThat(rejected.json().getString("decisionNote")).isEqualTo("not yet");
        assertThat(asUser.post("/api/v1/instances", new JsonObject().put("tool", slug)).status()).isEqualTo(403);

        long second = asUser.post("/api/v1/access-requests", new JsonObject().put("toolSlug", slug)
                .put("reason", "Really")).json().getLong("id");
        assertThat(admin.post("/api/v1/access-requests/" + second + "/approve", null).status()).isEqualTo(200);
        Reply started = asUser.post("/api/v1/instances", new JsonObject().put("tool", slug));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        asUser.post("/api/v1/instances/" + started.json().getString("id") + "/stop", null);

        Reply both = asUser.post("/api/v1/access-requests", new JsonObject().put("toolSlug", slug)
                .put("datasetId", 1).put("reason", "x"));
        assertThat(both.error()).startsWith("datasetId, toolSlug:");
        Reply bootstrap = fixture.bootstrap().post("/api/v1/access-requests", new JsonObject().put("toolSlug", slug)
                .put("reason", "x"));
        assertThat(bootstrap.status()).isEqualTo(400);
    }
}
