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

/** Start-up rules: what happened while the sidecar was down is reconciled without losing anything. */
class StartupIT {
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

    private static void syncOnce(Path dir, String prefix) throws Exception {
        try (Harness h = new Harness(s3, dir, prefix, Map.of()).start()) {
            h.awaitIdle();
        }
    }

    @Test
    void shouldUploadALocalChangeMadeWhileStoppedInsteadOfDownloadingOverIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notebook.ipynb"), "v1");
        syncOnce(dir, "s/1/");
        assertThat(s3.get("s/1/notebook.ipynb")).isEqualTo("v1");
        Files.writeString(dir.resolve("notebook.ipynb"), "v2 edited while the sidecar was down");
        try (Harness h = new Harness(s3, dir, "s/1/", Map.of()).start()) {
            Await.until("v2 uploaded", T, () -> "v2 edited while the sidecar was down".equals(s3.get("s/1/notebook.ipynb")));
            h.awaitIdle();
            assertThat(h.read("notebook.ipynb")).isEqualTo("v2 edited while the sidecar was down");
            assertThat(h.localFiles()).hasSize(1);
        }
    }

    @Test
    void shouldNeverDeleteALocalFileJustBecauseS3LacksIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("only-here.txt"), "precious");
        try (Harness h = new Harness(s3, dir, "s/2/", Map.of()).start()) {
            Await.until("uploaded", T, () -> "precious".equals(s3.get("s/2/only-here.txt")));
            assertThat(h.read("only-here.txt")).isEqualTo("precious");
        }
    }

    @Test
    void shouldDeleteLocallyWhatWasSyncedAndThenDeletedInS3WhileStopped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.txt"), "synced");
        Files.writeString(dir.resolve("edited.txt"), "synced");
        syncOnce(dir, "s/3/");
        s3.delete("s/3/old.txt");
        s3.delete("s/3/edited.txt");
        Files.writeString(dir.resolve("edited.txt"), "edited locally after the sync");
        try (Harness h = new Harness(s3, dir, "s/3/", Map.of()).start()) {
            Await.until("old.txt deleted locally", T, () -> !Files.exists(dir.resolve("old.txt")));
            Await.until("edited.txt uploaded again", T, () -> "edited locally after the sync".equals(s3.get("s/3/edited.txt")));
            assertThat(h.read("edited.txt")).isEqualTo("edited locally after the sync");
        }
    }

    @Test
    void shouldDownloadARemoteChangeMadeWhileStopped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "a");
        syncOnce(dir, "s/4/");
        s3.put("s/4/data.csv", "b from another machine");
        s3.put("s/4/new/remote.txt", "new");
        try (Harness h = new Harness(s3, dir, "s/4/", Map.of()).start()) {
            Await.until("downloaded", T, () -> "b from another machine".equals(h.read("data.csv")));
            Await.until("new remote file downloaded", T, () -> "new".equals(h.read("new/remote.txt")));
        }
    }

    @Test
    void shouldKeepBothWhenFilesDifferOnBothSidesWithNoHistory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("same.txt"), "identical");
        Files.writeString(dir.resolve("diff.txt"), "local version");
        s3.put("s/5/same.txt", "identical");
        s3.put("s/5/diff.txt", "remote version");
        try (Harness h = new Harness(s3, dir, "s/5/", Map.of()).start()) {
            Await.until("local version uploaded", T, () -> "local version".equals(s3.get("s/5/diff.txt")));
            Await.until("conflict copy uploaded", T, () -> h.remoteFiles().size() == 3);
            h.awaitIdle();
            Map<String, String> local = h.localFiles();
            assertThat(local).hasSize(3).containsEntry("same.txt", "identical").containsEntry("diff.txt", "local version")
                    .containsValue("remote version");
            assertThat(h.remoteFiles()).isEqualTo(local);
            assertThat(h.metrics.conflicts()).isEqualTo(1);
        }
    }

    @Test
    void shouldSurviveACorruptStateFileWithAClearError(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".s3sync"));
        Files.writeString(dir.resolve(".s3sync/state.tsv"), "garbage");
        Harness h = new Harness(s3, dir, "s/6/", Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(h::start).hasMessageContaining("state file")
                .hasMessageContaining("does not start with");
        h.remote.close();
    }
}
