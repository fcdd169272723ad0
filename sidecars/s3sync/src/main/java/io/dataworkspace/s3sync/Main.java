package io.dataworkspace.s3sync;

import io.dataworkspace.s3sync.config.ConfigException;
import io.dataworkspace.s3sync.config.SyncConfig;
import io.dataworkspace.s3sync.engine.SyncEngine;
import io.dataworkspace.s3sync.http.StatusServer;
import io.dataworkspace.s3sync.local.FolderWatcher;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.dataworkspace.s3sync.remote.S3Clients;
import io.dataworkspace.s3sync.remote.S3RemoteStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires configuration, S3 client, engine and status server; stops gracefully on SIGTERM. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /**
     * @param args unused: configuration comes from the environment
     */
    public static void main(String[] args) {
        SyncConfig config;
        try {
            config = SyncConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("s3sync: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SyncMetrics metrics = new SyncMetrics();
        S3RemoteStore remote = new S3RemoteStore(S3Clients.create(config, S3Clients.defaultCredentials()),
                config.bucket(), config.prefix(), config.multipartThreshold(), config.partSize(), config.concurrency());
        SyncEngine engine = new SyncEngine(config, remote, metrics, FolderWatcher::new);
        StatusServer status;
        try {
            engine.start();
            status = new StatusServer(config.httpHost(), config.httpPort(), engine::health, metrics.registry());
        } catch (IOException e) {
            System.err.println("s3sync: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        LOG.info("syncing {} with s3://{}/{}; status on port {}", config.localDir(), config.bucket(), config.prefix(),
                status.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: flushing pending uploads for at most {}", config.shutdownTimeout());
            engine.stop(config.shutdownTimeout());
            status.close();
            remote.close();
            stopped.countDown();
        }, "s3sync-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
