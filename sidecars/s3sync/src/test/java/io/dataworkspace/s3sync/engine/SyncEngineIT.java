package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.testing.Await;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncEngineIT {
    private static final Duration T = Duration.ofSeconds(20);
    @TempDir
    static Path storeDir;
    static S3Fixture s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3Fixture(storeDir.resolve("store"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void shouldUploadNewFilesAndFolders(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/up/", Map.of()).start()) {
            h.awaitIdle();
            h.write("notes/a.txt", "hello");
            Files.createDirectories(dir.resolve("empty/inner"));
            Await.until("a.txt uploaded", T, () -> "hello".equals(s3.get("user/up/notes/a.txt")));
            Await.until("empty folders uploaded as markers", T,
                    () -> s3.list("user/up/").containsKey("empty/inner/"));
            h.write("notes/a.txt", "hello again");
            Await.until("a.txt re-uploaded", T, () -> "hello again".equals(s3.get("user/up/notes/a.txt")));
        }
    }

    @Test
    void shouldDownloadRemoteChangesAndDeletions(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/down/", Map.of()).start()) {
            h.awaitIdle();
            s3.put("user/down/data/b.csv", "1,2,3");
            s3.put("user/down/dir/", "");
            Await.until("b.csv downloaded", T, () -> "1,2,3".equals(h.read("data/b.csv")));
            Await.until("folder created", T, () -> Files.isDirectory(dir.resolve("dir")));
            s3.put("user/down/data/b.csv", "4,5,6");
            Await.until("b.csv updated", T, () -> "4,5,6".equals(h.read("data/b.csv")));
            s3.delete("user/down/data/b.csv");
            Await.until("b.csv deleted locally", T, () -> !Files.exists(dir.resolve("data/b.csv")));
            assertThat(Files.list(dir.resolve(".s3sync/tmp")).count()).isZero();
        }
    }

    @Test
    void shouldPropagateLocalDeletion(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/del/", Map.of()).start()) {
            h.write("x.txt", "x");
            Await.until("uploaded", T, () -> "x".equals(s3.get("user/del/x.txt")));
            Files.delete(dir.resolve("x.txt"));
            Await.until("deleted remotely", T, () -> s3.get("user/del/x.txt") == null);
        }
    }

    @Test
    void shouldPropagateDirectoryTreeRename(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/mv/", Map.of()).start()) {
            for (int i = 0; i < 20; i++) {
                h.write("proj/src/f" + i + ".py", "print(" + i + ")");
            }
            h.write("proj/README", "readme");
            Await.until("tree uploaded", T, () -> h.remoteFiles().size() == 21);
            h.awaitIdle();
            Files.move(dir.resolve("proj"), dir.resolve("project"));
            Await.until("renamed tree mirrored", T, () -> {
                Map<String, String> r = h.remoteFiles();
                return r.size() == 21 && r.keySet().stream().allMatch(k -> k.startsWith("project/"));
            });
            assertThat(h.remoteFiles().get("project/src/f7.py")).isEqualTo("print(7)");
            Await.until("old folder markers gone", T, () -> s3.list("user/mv/").keySet().stream()
                    .noneMatch(k -> k.startsWith("proj/")));
        }
    }

    @Test
    void shouldKeepBothVersionsWhenBothSidesChange(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/conf/", Map.of("S3SYNC_POLL_INTERVAL", "1h")).start()) {
            h.write("report.txt", "v1");
            Await.until("uploaded", T, () -> "v1".equals(s3.get("user/conf/report.txt")));
            h.awaitIdle();
            // both sides change while the sidecar does not know about the remote edit (no polling)
            s3.put("user/conf/report.txt", "remote edit");
            h.write("report.txt", "local edit");
            Await.until("local edit reached S3", T, () -> "local edit".equals(s3.get("user/conf/report.txt")));
            Map<String, String> local = h.localFiles();
            assertThat(local).containsEntry("report.txt", "local edit");
            assertThat(local.entrySet()).anySatisfy(e -> {
                assertThat(e.getKey()).matches("report \\(conflict \\d{4}-\\d\\d-\\d\\dT\\d{6}Z\\)\\.txt");
                assertThat(e.getValue()).isEqualTo("remote edit");
            });
            Await.until("conflict copy uploaded", T, () -> h.remoteFiles().containsValue("remote edit"));
            assertThat(h.metrics.conflicts()).isEqualTo(1);
        }
    }

    @Test
    void shouldNeverSyncExcludedPaths(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/ex/", Map.of("S3SYNC_EXCLUDES", "scratch/**")).start()) {
            h.awaitIdle();
            h.write("pkg/__pycache__/m.cpython-311.pyc", "bytecode");
            h.write(".ipynb_checkpoints/nb-checkpoint.ipynb", "{}");
            h.write("scratch/tmp.bin", "big");
            h.write("edit.py.swp", "swap");
            h.write("pkg/m.py", "code");
            s3.put("user/ex/other/.ipynb_checkpoints/remote-checkpoint.ipynb", "{}");
            s3.put("user/ex/other/kept.txt", "kept");
            Await.until("m.py uploaded", T, () -> "code".equals(s3.get("user/ex/pkg/m.py")));
            Await.until("kept.txt downloaded", T, () -> "kept".equals(h.read("other/kept.txt")));
            h.awaitIdle();
            assertThat(h.remoteFiles()).containsOnlyKeys("pkg/m.py", "other/kept.txt",
                    "other/.ipynb_checkpoints/remote-checkpoint.ipynb");
            assertThat(Files.exists(dir.resolve("other/.ipynb_checkpoints"))).isFalse();
            assertThat(s3.list("user/ex/").keySet()).noneMatch(k -> k.startsWith(".s3sync"));
        }
    }

    @Test
    void shouldMirrorALargeFileInPartsBothWays(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "user/big/", Map.of("S3SYNC_PART_SIZE", "5MiB",
                "S3SYNC_MULTIPART_THRESHOLD", "5MiB")).start()) {
            h.awaitIdle();
            byte[] data = new byte[17 * 1024 * 1024 + 3];
            new java.util.Random(7).nextBytes(data);
            Files.write(dir.resolve("model.bin"), data);
            Await.until("uploaded in parts", T, () -> s3.list("user/big/").getOrDefault("model.bin", "").endsWith("-4\""));
            byte[] remote = s3.client().getObjectAsBytes(b -> b.bucket(S3Fixture.BUCKET).key("user/big/model.bin")).asByteArray();
            assertThat(remote).isEqualTo(data);
        }
    }
}
