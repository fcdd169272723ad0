package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.config.SyncConfig;
import io.dataworkspace.s3sync.local.ChangeSource;
import io.dataworkspace.s3sync.local.FolderWatcher;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.dataworkspace.s3sync.remote.S3Clients;
import io.dataworkspace.s3sync.remote.S3RemoteStore;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** One sidecar (engine + its S3 client) on a folder, against an {@link S3Fixture}. */
final class Harness implements AutoCloseable {
    final S3Fixture s3;
    final Path dir;
    final String prefix;
    final SyncConfig config;
    final SyncMetrics metrics = new SyncMetrics();
    final S3RemoteStore remote;
    final SyncEngine engine;

    Harness(S3Fixture s3, Path dir, String prefix, Map<String, String> extra) {
        this(s3, dir, prefix, extra, FolderWatcher::new);
    }

    Harness(S3Fixture s3, Path dir, String prefix, Map<String, String> extra, ChangeSource.Factory changes) {
        this.s3 = s3;
        this.dir = dir;
        this.prefix = prefix;
        this.config = s3.config(dir, prefix, extra);
        this.remote = new S3RemoteStore(S3Clients.create(config, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY))), config.bucket(), config.prefix(),
                config.multipartThreshold(), config.partSize(), config.concurrency());
        this.engine = new SyncEngine(config, remote, metrics, changes);
    }

    Harness start() throws IOException {
        engine.start();
        return this;
    }

    void awaitIdle() throws InterruptedException {
        if (!engine.awaitIdle(Duration.ofSeconds(30))) {
            throw new AssertionError("sync not idle after 30 s; pending " + engine.pendingCount());
        }
    }

    Path write(String rel, String text) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String rel) {
        try {
            Path p = dir.resolve(rel);
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return relative path to content of every local file outside the state folder */
    Map<String, String> localFiles() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String rel = dir.relativize(p).toString();
                if (!rel.startsWith(".s3sync/")) {
                    out.put(rel, read(rel));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return key (without prefix) to content of every non-folder object */
    Map<String, String> remoteFiles() {
        Map<String, String> out = new TreeMap<>();
        for (String k : s3.list(prefix).keySet()) {
            if (!k.endsWith("/")) {
                out.put(k, s3.get(prefix + k));
            }
        }
        return out;
    }

    @Override
    public void close() {
        engine.stop(Duration.ofSeconds(5));
        remote.close();
    }
}
