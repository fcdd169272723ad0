package io.dataworkspace.proxy.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.storage.PlatformStorage;
import io.dataworkspace.proxy.testing.PlatformFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The file browser's calls over HTTP against the whole platform and its embedded S3 store: listings, folders,
 * deletes, presigned single and multipart uploads (parts PUT from Java as a browser would), downloads, CORS on the
 * store, and the refusals — another user's prefix, {@code ..}, a missing or foreign Origin, no session.
 */
class FilesApiIT {
    @TempDir
    static Path dataDir;

    private static PlatformFixture platform;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    private static ControlPlane core() {
        return platform.server().core();
    }

    private static PlatformStorage storage() {
        return core().credentials().storage();
    }

    private static String home(String email) {
        return "user/" + core().users().findByEmail(email).orElseThrow().id() + "/";
    }

    private static void putObject(String key, String content) {
        storage().client().putObject(r -> r.bucket(storage().bucket()).key(key), RequestBody.fromString(content));
    }

    private static byte[] readObject(String key) {
        return storage().client().getObjectAsBytes(r -> r.bucket(storage().bucket()).key(key)).asByteArray();
    }

    private static boolean exists(String key) {
        return !storage().client().listObjectsV2(r -> r.bucket(storage().bucket()).prefix(key).maxKeys(1)).contents()
                .stream().filter(o -> o.key().equals(key)).toList().isEmpty();
    }

    private static long audited(String action, String key) {
        return core().database().jdbc().queryOne("SELECT count(*) FROM audit_events WHERE action = ? AND target = ?",
                rs -> rs.getLong(1), action, key).orElse(0L);
    }

    @Test
    void shouldListFoldersAndFilesOfTheCallersHome() {
        FilesClient ann = FilesClient.signIn(vertx, platform.origin(), "ann@example.test");
        String home = home("ann@example.test");
        assertThat(ann.post("/files/api/folders", new JsonObject().put("key", home + "reports/")).status())
                .isEqualTo(201);
        putObject(home + "notes.txt", "hello");
        putObject(home + "reports/q1.csv", "a,b\n1,2\n");

        FilesClient.Reply top = ann.get("/files/api/list");
        assertThat(top.status()).isEqualTo(200);
        assertThat(top.json().getString("prefix")).isEqualTo(home);
        assertThat(top.json().getJsonArray("folders").getJsonObject(0).getString("key")).isEqualTo(home + "reports/");
        JsonArray files = top.json().getJsonArray("files");
        assertThat(files).hasSize(1);
        assertThat(files.getJsonObject(0).getString("name")).isEqualTo("notes.txt");
        assertThat(files.getJsonObject(0).getLong("size")).isEqualTo(5L);
        assertThat(files.getJsonObject(0).getString("modified")).isNotBlank();

        FilesClient.Reply inside = ann.get("/files/api/list?prefix=" + FilesClient.enc(home + "reports/"));
        assertThat(inside.json().getJsonArray("files").getJsonObject(0).getString("name")).isEqualTo("q1.csv");
        assertThat(inside.json().getJsonArray("folders")).isEmpty();
        assertThat(audited("file.folder.create", home + "reports/")).isEqualTo(1);

        assertThat(ann.post("/files/api/folders", new JsonObject().put("key", home + "reports/")).status())
                .isEqualTo(409);
        assertThat(ann.anonymous("/metrics").body())
                .contains(FileRoutes.METRIC + "{call=\"list\",code=\"200\"", "{call=\"folder\",code=\"409\"");
    }

    @Test
    void shouldRefuseKeysOutsideTheCallersHome() {
        FilesClient bob = FilesClient.signIn(vertx, platform.origin(), "bob@example.test");
        FilesClient.signIn(vertx, platform.origin(), "eve@example.test");
        String bobHome = home("bob@example.test");
        String eveHome = home("eve@example.test");
        putObject(eveHome + "secret.txt", "eve's");

        List<FilesClient.Reply> refused = List.of(
                bob.get("/files/api/list?prefix=" + FilesClient.enc(eveHome)),
                bob.get("/files/api/download?key=" + FilesClient.enc(eveHome + "secret.txt")),
                bob.delete("/files/api/objects?key=" + FilesClient.enc(eveHome + "secret.txt")),
                bob.post("/files/api/uploads", new JsonObject().put("key", eveHome + "x.txt").put("size", 3)),
                bob.post("/files/api/folders", new JsonObject().put("key", eveHome + "mine/")),
                bob.get("/files/api/list?prefix=" + FilesClient.enc(bobHome + "../")),
                bob.get("/files/api/download?key=" + FilesClient.enc(bobHome + "../" + eveHome.substring(5)
                        + "secret.txt")),
                bob.post("/files/api/uploads", new JsonObject().put("key", bobHome + "a/../../x.txt").put("size", 3)),
                bob.post("/files/api/uploads", new JsonObject().put("key", "/" + bobHome + "x.txt").put("size", 3)),
                bob.post("/files/api/uploads", new JsonObject().put("key", "datasets/trade/x.txt").put("size", 3)),
                bob.delete("/files/api/objects?key=" + FilesClient.enc(bobHome)));
        for (FilesClient.Reply reply : refused) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().getString("message")).isNotBlank();
        }
        assertThat(refused.get(0).json().getString("message")).contains("outside your folder " + bobHome);
        assertThat(readObject(eveHome + "secret.txt")).isEqualTo("eve's".getBytes(StandardCharsets.UTF_8));
        assertThat(bob.post("/files/api/uploads", new JsonObject().put("key", bobHome + "x.txt")).status())
                .isEqualTo(400);
        assertThat(bob.post("/files/api/uploads", new JsonObject().put("key", bobHome + "x.txt").put("size", -1))
                .status()).isEqualTo(400);
    }

    @Test
    void shouldRefuseStateChangesWithoutOurOriginAndCallsWithoutASession() {
        FilesClient cat = FilesClient.signIn(vertx, platform.origin(), "cat@example.test");
        String home = home("cat@example.test");
        putObject(home + "keep.txt", "keep");
        JsonObject folder = new JsonObject().put("key", home + "forged/");

        FilesClient.Reply noOrigin = cat.post("/files/api/folders", folder, null);
        assertThat(noOrigin.status()).isEqualTo(403);
        assertThat(noOrigin.json().getString("message")).contains("Data Workspace page");
        assertThat(cat.post("/files/api/folders", folder, "https://evil.example").status()).isEqualTo(403);
        assertThat(cat.delete("/files/api/objects?key=" + FilesClient.enc(home + "keep.txt"), "https://evil.example")
                .status()).isEqualTo(403);
        assertThat(exists(home + "forged/")).isFalse();
        assertThat(exists(home + "keep.txt")).isTrue();

        assertThat(cat.anonymous("/files/api/list").status()).isEqualTo(401);
    }

    @Test
    void shouldDeleteFilesAndOnlyEmptyFoldersAndAuditIt() {
        FilesClient dan = FilesClient.signIn(vertx, platform.origin(), "dan@example.test");
        String home = home("dan@example.test");
        assertThat(dan.post("/files/api/folders", new JsonObject().put("key", home + "full/")).status()).isEqualTo(201);
        putObject(home + "full/x.txt", "x");

        FilesClient.Reply notEmpty = dan.delete("/files/api/objects?key=" + FilesClient.enc(home + "full/"));
        assertThat(notEmpty.status()).isEqualTo(409);
        assertThat(notEmpty.json().getString("message")).contains("not empty");
        assertThat(dan.delete("/files/api/objects?key=" + FilesClient.enc(home + "full/x.txt")).status())
                .isEqualTo(200);
        assertThat(dan.delete("/files/api/objects?key=" + FilesClient.enc(home + "full/")).status()).isEqualTo(200);
        assertThat(exists(home + "full/")).isFalse();
        assertThat(exists(home + "full/x.txt")).isFalse();
        assertThat(dan.delete("/files/api/objects?key=" + FilesClient.enc(home + "full/x.txt")).status())
                .isEqualTo(404);
        assertThat(audited("file.delete", home + "full/x.txt")).isEqualTo(1);
        assertThat(audited("file.delete", home + "full/")).isEqualTo(1);
    }

    @Test
    void shouldUploadSmallFilesWithOnePresignedPutAndDownloadThem() {
        FilesClient fay = FilesClient.signIn(vertx, platform.origin(), "fay@example.test");
        String key = home("fay@example.test") + "small é.txt";
        byte[] content = "small file, sent straight to S3\n".getBytes(StandardCharsets.UTF_8);

        FilesClient.Reply plan = fay.post("/files/api/uploads", new JsonObject().put("key", key)
                .put("size", content.length));
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().getString("method")).isEqualTo("single");
        String url = plan.json().getString("url");
        assertThat(url).startsWith(storage().browserOrigin() + "/").contains("X-Amz-Signature=");
        HttpResponse<byte[]> put = fay.raw(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).header("Origin", platform.origin()).build());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(readObject(key)).isEqualTo(content);
        assertThat(audited("file.upload", key)).isEqualTo(1);

        FilesClient.Reply download = fay.get("/files/api/download?key=" + FilesClient.enc(key));
        assertThat(download.status()).isEqualTo(200);
        HttpResponse<byte[]> got = fay.raw(HttpRequest.newBuilder(URI.create(download.json().getString("url")))
                .GET().build());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(content);
        assertThat(got.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
                .contains("filename*=UTF-8''small%20%C3%A9.txt");
        assertThat(fay.get("/files/api/download?key=" + FilesClient.enc(key + ".missing")).status()).isEqualTo(404);
    }

    @Test
    void shouldUploadLargeFilesInPresignedPartsAndCompleteThemWithTheirEtags() {
        FilesClient gil = FilesClient.signIn(vertx, platform.origin(), "gil@example.test");
        String key = home("gil@example.test") + "big.bin";
        long partSize = FilesConfig.DEFAULTS.partSize();
        byte[] content = new byte[(int) (2 * partSize + 123_457)];
        new Random(7).nextBytes(content);

        FilesClient.Reply plan = gil.post("/files/api/uploads", new JsonObject().put("key", key)
                .put("size", content.length));
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().getString("method")).isEqualTo("multipart");
        assertThat(plan.json().getLong("partSize")).isEqualTo(partSize);
        assertThat(plan.json().getInteger("partCount")).isEqualTo(3);
        String uploadId = plan.json().getString("uploadId");

        FilesClient.Reply urls = gil.post("/files/api/uploads/parts", new JsonObject().put("key", key)
                .put("uploadId", uploadId).put("partNumbers", new JsonArray().add(1).add(2).add(3)));
        assertThat(urls.status()).as(urls.body()).isEqualTo(200);
        JsonArray parts = new JsonArray();
        for (int n = 1; n <= 3; n++) {
            int from = (int) ((n - 1) * partSize);
            int to = (int) Math.min(n * partSize, content.length);
            URI partUrl = URI.create(urls.json().getJsonObject("urls").getString(String.valueOf(n)));
            HttpResponse<byte[]> put = gil.raw(HttpRequest.newBuilder(partUrl)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content, from, to - from))
                    .header("Origin", platform.origin()).build());
            assertThat(put.statusCode()).isEqualTo(200);
            // a page can read the ETag only if the store exposes it to scripts
            assertThat(put.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                    .containsIgnoringCase("ETag");
            String etag = put.headers().firstValue("ETag").orElseThrow();
            parts.add(new JsonObject().put("partNumber", n).put("etag", etag));
        }
        FilesClient.Reply done = gil.post("/files/api/uploads/complete", new JsonObject().put("key", key)
                .put("uploadId", uploadId).put("parts", parts));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().getLong("size")).isEqualTo(content.length);
        assertThat(readObject(key)).isEqualTo(content);
        assertThat(audited("file.upload", key)).isEqualTo(1);
    }

    @Test
    void shouldAbortAMultipartUpload() {
        FilesClient hal = FilesClient.signIn(vertx, platform.origin(), "hal@example.test");
        String key = home("hal@example.test") + "aborted.bin";
        FilesClient.Reply plan = hal.post("/files/api/uploads", new JsonObject().put("key", key)
                .put("size", FilesConfig.DEFAULTS.partSize() + 1));
        String uploadId = plan.json().getString("uploadId");
        assertThat(hal.post("/files/api/uploads/abort", new JsonObject().put("key", key).put("uploadId", uploadId))
                .status()).isEqualTo(200);
        assertThat(exists(key)).isFalse();
        assertThat(hal.post("/files/api/uploads/complete", new JsonObject().put("key", key).put("uploadId", uploadId)
                .put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("etag", "\"x\""))))
                .status()).isIn(400, 404);
    }

    @Test
    void shouldLetOnlyLoopbackPagesCallTheEmbeddedStoreFromABrowser() {
        String url = storage().browserOrigin() + "/" + storage().bucket() + "/user/x/y";
        FilesClient any = FilesClient.signIn(vertx, platform.origin(), "ivy@example.test");
        HttpResponse<byte[]> ours = any.raw(HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", platform.origin())
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type").build());
        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(ours.headers().firstValue("Access-Control-Allow-Origin")).contains(platform.origin());
        assertThat(ours.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");
        HttpResponse<byte[]> foreign = any.raw(HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT").build());
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldServeThePageWithTheStoreInItsConnectSource() {
        FilesClient jo = FilesClient.signIn(vertx, platform.origin(), "jo@example.test");
        HttpResponse<byte[]> page = jo.raw(HttpRequest.newBuilder(URI.create(platform.origin() + "/files"))
                .header("Cookie", cookieOf(jo)).header("Sec-Fetch-Mode", "navigate").GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("/static/files.js", "Your files");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("connect-src 'self' " + storage().browserOrigin() + ";", "script-src 'self'");
    }

    private static String cookieOf(FilesClient client) {
        return client.cookieHeader();
    }
}
