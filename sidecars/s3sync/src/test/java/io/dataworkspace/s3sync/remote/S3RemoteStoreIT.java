package io.dataworkspace.s3sync.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.s3sync.config.SyncConfig;
import io.dataworkspace.s3sync.decide.RemoteObject;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3RemoteStoreIT {
    @TempDir
    static Path tmp;
    static S3Fixture s3;
    static S3RemoteStore store;
    static final long PART = 5L * 1024 * 1024;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Fixture(tmp.resolve("store"));
        Path local = Files.createDirectories(tmp.resolve("local"));
        SyncConfig c = s3.config(local, "u/1/", Map.of("S3SYNC_PART_SIZE", String.valueOf(PART),
                "S3SYNC_MULTIPART_THRESHOLD", "6MiB"));
        store = new S3RemoteStore(S3Clients.create(c, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY))), c.bucket(), c.prefix(),
                c.multipartThreshold(), c.partSize(), 4);
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
    }

    @Test
    void shouldUploadLargeFilesInPartsWithChecksumsAndDownloadThemIntact() throws Exception {
        Path f = tmp.resolve("big.bin");
        byte[] data = new byte[(int) (PART * 3 + 12345)];
        new Random(42).nextBytes(data);
        Files.write(f, data);
        RemoteObject up = store.upload("big.bin", f, Optional.empty());
        assertThat(up.etag()).endsWith("-4");
        assertThat(ContentHashes.matchesEtag(f, up.etag(), PART)).isTrue();
        assertThat(store.list()).containsKey("big.bin");
        assertThat(store.list().get("big.bin").size()).isEqualTo(data.length);
        Path back = tmp.resolve("back.bin");
        RemoteObject down = store.download("big.bin", back);
        assertThat(down.etag()).isEqualTo(up.etag());
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(S3Fixture.BUCKET)).uploads()).isEmpty();
    }

    @Test
    void shouldRefuseToOverwriteAnObjectThatChanged() throws Exception {
        Path f = Files.writeString(tmp.resolve("c.txt"), "mine");
        RemoteObject first = store.upload("c.txt", f, Optional.empty());
        assertThatThrownBy(() -> store.upload("c.txt", f, Optional.empty())).isInstanceOf(RemoteChangedException.class);
        s3.put("u/1/c.txt", "someone else");
        assertThatThrownBy(() -> store.upload("c.txt", f, Optional.of(first.etag())))
                .isInstanceOf(RemoteChangedException.class);
        assertThat(s3.get("u/1/c.txt")).isEqualTo("someone else");
        assertThatThrownBy(() -> store.delete("c.txt", first.etag())).isInstanceOf(RemoteChangedException.class);
        assertThat(s3.get("u/1/c.txt")).isEqualTo("someone else");
    }

    @Test
    void shouldRefuseToCompleteMultipartOverAChangedObject() throws Exception {
        Path f = tmp.resolve("mp.bin");
        Files.write(f, new byte[(int) PART * 3]);
        s3.put("u/1/mp.bin", "already there");
        assertThatThrownBy(() -> store.upload("mp.bin", f, Optional.empty())).isInstanceOf(RemoteChangedException.class);
        assertThat(s3.get("u/1/mp.bin")).isEqualTo("already there");
    }
}
