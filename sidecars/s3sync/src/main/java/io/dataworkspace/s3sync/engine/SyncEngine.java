package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.config.SyncConfig;
import io.dataworkspace.s3sync.decide.Decider;
import io.dataworkspace.s3sync.decide.Decision;
import io.dataworkspace.s3sync.decide.LocalFile;
import io.dataworkspace.s3sync.decide.RemoteObject;
import io.dataworkspace.s3sync.decide.SyncedEntry;
import io.dataworkspace.s3sync.local.ChangeSource;
import io.dataworkspace.s3sync.local.Exclusions;
import io.dataworkspace.s3sync.local.FolderWatcher;
import io.dataworkspace.s3sync.local.LocalTree;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.dataworkspace.s3sync.remote.RemoteStore;
import io.dataworkspace.s3sync.state.StateStore;
import io.dataworkspace.s3sync.state.SyncState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a folder and an S3 prefix in step. One coordinator thread decides (three-way, per path) and
 * hands actions to a worker pool; a poller lists the prefix; the watcher and periodic full scans say
 * which local paths to look at. Nothing is decided before the first complete listing.
 */
public final class SyncEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final long STATE_SAVE_INTERVAL_MS = 1000;

    private final SyncConfig config;
    private final LocalTree tree;
    private final RemoteStore remote;
    private final SyncMetrics metrics;
    private final StateStore stateStore;
    private final ChangeSource.Factory changeSources;
    private final RemoteIndex index = new RemoteIndex();
    private final Pending pending = new Pending();
    private final Backoff backoff;
    private final StabilityGate stability;
    private final RemotePoller poller;
    private final AtomicBoolean fullScanRequested = new AtomicBoolean(true);
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile boolean flushing;
    private volatile boolean stateSaveFailing;
    private SyncState state;
    private Actions actions;
    private ExecutorService workers;
    private ExecutorService largeWorkers;
    private Thread coordinator;
    private ChangeSource changeSource;
    private long savedVersion = -1;
    private long lastSaveMillis;

    /**
     * @param config        configuration
     * @param remote        the S3 side
     * @param metrics       metrics
     * @param changeSources how local changes are reported ({@code FolderWatcher::new} in production)
     */
    public SyncEngine(SyncConfig config, RemoteStore remote, SyncMetrics metrics, ChangeSource.Factory changeSources) {
        this.config = config;
        this.tree = new LocalTree(config.localDir(), new Exclusions(config.excludes()));
        this.remote = remote;
        this.metrics = metrics;
        this.stateStore = new StateStore(config.stateDir().resolve("state.tsv"));
        this.changeSources = changeSources;
        this.backoff = new Backoff(config.retryBase(), config.retryMax());
        this.stability = new StabilityGate(config.stableWindow().toMillis());
        this.poller = new RemotePoller(remote, index, tree.exclusions(), metrics, config.pollInterval(),
                "s3://" + config.bucket() + "/" + config.prefix(), paths -> {
                    long t = now();
                    paths.forEach(p -> pending.mark(p, t));
                    signal();
                });
        metrics.gauges(pending::depth, pending::lagSeconds, poller::listingAgeSeconds);
    }

    /**
     * Loads the state, starts watching, listing and syncing. Returns at once; the first sync runs in
     * the background once the prefix has been listed.
     *
     * @throws IOException when the state file cannot be read or the folder cannot be watched
     */
    public void start() throws IOException {
        Files.createDirectories(config.stateDir());
        state = new SyncState(stateStore.load());
        savedVersion = state.version();
        LOG.info("loaded state of {} paths from {}", state.size(), stateStore.file());
        actions = new Actions(tree, remote, index, state, metrics, config.stateDir().resolve("tmp"), config.partSize(),
                p -> mark(p, now()));
        cleanTmp();
        // small files cost a round trip each, not bandwidth: many in flight; large ones share the bandwidth
        workers = pool("s3sync-worker-", config.smallFileConcurrency());
        largeWorkers = pool("s3sync-large-", config.concurrency());
        running = true;
        changeSource = changeSources.open(tree, new FolderWatcher.Listener() {
            @Override
            public void changed(List<String> relPaths) {
                relPaths.forEach(SyncEngine.this::markTree);
                signal();
            }

            @Override
            public void overflow() {
                metrics.overflow();
                requestFullScan();
            }
        });
        changeSource.start();
        coordinator = thread("s3sync-coordinator", this::coordinate);
        poller.start();
    }

    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Asks for a full local scan at the next opportunity. */
    public void requestFullScan() {
        fullScanRequested.set(true);
        signal();
    }

    // ---- coordinator -------------------------------------------------------------------------

    private void coordinate() {
        long nextFullScan = now() + config.fullScanInterval().toMillis();
        while (running) {
            try {
                if (fullScanRequested.getAndSet(false) || now() >= nextFullScan) {
                    boolean ok = fullScan();
                    // a failed scan (e.g. folder unreadable) is retried soon, without spinning
                    nextFullScan = now() + (ok ? config.fullScanInterval().toMillis()
                            : Math.min(config.fullScanInterval().toMillis(), 5000));
                }
                long nextDue = index.known() ? dispatch() : now() + 50;
                saveState(false);
                long waitMs = Math.max(1, Math.min(200, nextDue - now()));
                synchronized (wake) {
                    if (!fullScanRequested.get()) {
                        wake.wait(waitMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("coordinator error (continuing)", e);
                metrics.error("coordinator");
            }
        }
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private boolean fullScan() {
        try {
            Map<String, LocalFile> local = tree.scan("");
            metrics.fullScan();
            long t = now();
            Set<String> all = new HashSet<>(local.keySet());
            all.addAll(state.paths());
            all.addAll(index.paths());
            all.forEach(p -> pending.mark(p, t));
            LOG.debug("full scan: {} local paths, {} to look at", local.size(), all.size());
            return true;
        } catch (IOException | UncheckedIOException e) {
            metrics.error("scan");
            LOG.warn("full scan failed (will retry): {}", e.toString());
            return false;
        }
    }

    /** Decides every due path not in flight; returns when the next one will be due. */
    private long dispatch() {
        long t = now();
        long nextDue = t + 200;
        int budget = (config.smallFileConcurrency() + config.concurrency()) * 2 - pending.inFlightCount();
        for (Map.Entry<String, Long> e : pending.due().entrySet()) {
            String path = e.getKey();
            long dueAt = e.getValue();
            if (dueAt > t) {
                nextDue = Math.min(nextDue, dueAt);
                continue;
            }
            if (budget <= 0) {
                break; // the next completion signals another pass; no need to walk the rest now
            }
            if (pending.inFlight(path)) {
                continue;
            }
            // in flight while deciding, so the path never looks idle between leaving "due" and its action
            pending.started(path);
            boolean submitted = false;
            try {
                submitted = pending.take(path, dueAt) && decideAndSubmit(path, t);
            } finally {
                if (!submitted) {
                    pending.finished(path);
                }
            }
            if (submitted) {
                budget--;
            }
        }
        return nextDue;
    }

    private boolean decideAndSubmit(String path, long t) {
        Optional<LocalFile> local;
        try {
            local = tree.stat(path);
        } catch (UncheckedIOException e) {
            retryLater(path, new Outcome.Failed("stat", e));
            return false;
        }
        Optional<RemoteObject> rem = tree.exclusions().excluded(path) ? Optional.empty() : index.get(path);
        Optional<SyncedEntry> base = state.get(path);
        Decision d = Decider.decide(local, rem, base);
        return switch (d) {
            case NOTHING -> {
                stability.forget(path);
                pending.settled(path);
                yield false;
            }
            case FORGET -> {
                state.remove(path);
                pending.settled(path);
                yield false;
            }
            case RECORD -> {
                state.put(path, Actions.dirEntry());
                pending.settled(path);
                yield false;
            }
            case UPLOAD -> (local.get().directory() || stable(path, local.get(), t))
                    && submit(path, large(local.get().size()), () -> actions.upload(path, local.get()));
            case CONFLICT -> stable(path, local.get(), t) && submit(path,
                    large(Math.max(local.get().size(), rem.get().size())), () -> actions.conflict(path, local.get()));
            case DOWNLOAD -> submit(path, large(rem.get().size()), () -> actions.download(path));
            case DELETE_LOCAL -> submit(path, false, () -> actions.deleteLocal(path));
            case DELETE_REMOTE -> submit(path, false, () -> actions.deleteRemote(path));
        };
    }

    private boolean stable(String path, LocalFile file, long t) {
        long lookAgainAt = flushing ? 0 : stability.check(path, file, t);
        if (lookAgainAt != 0) {
            pending.mark(path, lookAgainAt);
        }
        return lookAgainAt == 0;
    }

    private static boolean large(long size) {
        return size >= SyncConfig.SMALL_FILE_SIZE;
    }

    private boolean submit(String path, boolean large, java.util.function.Supplier<Outcome> action) {
        (large ? largeWorkers : workers).execute(() -> {
            Outcome o;
            try {
                o = action.get();
            } catch (RuntimeException e) {
                o = new Outcome.Failed("action", e);
            }
            // re-mark before leaving the in-flight set, so the path is never seen as idle in between
            if (o instanceof Outcome.Done) {
                pending.finished(path);
                pending.settled(path);
            } else if (o instanceof Outcome.Again a) {
                LOG.debug("{}: {}; deciding again", path, a.why());
                pending.mark(path, now());
            } else if (o instanceof Outcome.Later) {
                pending.mark(path, now() + 1000);
            } else if (o instanceof Outcome.Failed f) {
                retryLater(path, f);
            }
            pending.finished(path);
            signal();
        });
        return true;
    }

    private void retryLater(String path, Outcome.Failed f) {
        int attempt = pending.failed(path);
        Duration delay = backoff.delay(attempt);
        metrics.error(f.operation());
        LOG.warn("{} of {} failed (attempt {}, retrying in {} ms): {}", f.operation(), path, attempt, delay.toMillis(),
                oneLine(f.error()));
        pending.mark(path, now() + delay.toMillis());
    }

    /** A watcher hint: the path, its folder form, and (for folders) everything known below it. */
    private void markTree(String rel) {
        long t = now();
        pending.mark(rel, t);
        String dir = rel + "/";
        pending.mark(dir, t);
        boolean isDir = Files.isDirectory(tree.resolve(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (isDir) {
            try {
                tree.scan(rel).keySet().forEach(p -> pending.mark(p, t));
            } catch (IOException | UncheckedIOException e) {
                requestFullScan();
            }
        }
        if (isDir || state.get(dir).isPresent() || index.get(dir).isPresent()) {
            for (String p : state.paths()) {
                if (p.startsWith(dir)) {
                    pending.mark(p, t);
                }
            }
        }
    }

    private void mark(String path, long at) {
        pending.mark(path, at);
        signal();
    }

    // ---- state, health, shutdown ---------------------------------------------------------------

    /**
     * Persists what changed: appends it to the journal (at most once a second unless {@code full}), or writes a
     * full snapshot when asked, when the journal grew long or after a failed write.
     */
    private synchronized void saveState(boolean full) {
        long v = state.version();
        // a full save (shutdown) always writes the snapshot, so the journal is empty while the sidecar is down
        if (!full && (v == savedVersion || now() - lastSaveMillis < STATE_SAVE_INTERVAL_MS)) {
            return;
        }
        try {
            if (full || stateStore.fullSaveDue(state.size())) {
                stateStore.save(state.drainAndSnapshot());
            } else {
                stateStore.append(state.drainChanges());
            }
            savedVersion = v;
            lastSaveMillis = now();
            stateSaveFailing = false;
        } catch (IOException e) {
            // the drained changes are not lost: a failed write makes the next save a full one
            stateSaveFailing = true;
            lastSaveMillis = now();
            metrics.error("state_save");
            LOG.error("cannot save state to {}: {}", stateStore.file(), e.toString());
        }
    }

    private void cleanTmp() throws IOException {
        var tmp = config.stateDir().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var files = Files.list(tmp)) {
                for (var f : (Iterable<java.nio.file.Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** @return health as /healthz reports it */
    public Health health() {
        double age = poller.listingAgeSeconds();
        long maxAge = 3 * config.pollInterval().toMillis() + 1000;
        if (!running) {
            return new Health(false, "not running", age, pending.depth());
        }
        if (age < 0) {
            return new Health(false, "S3 prefix not listed yet", age, pending.depth());
        }
        if (age * 1000 > maxAge) {
            return new Health(false, "S3 not listed successfully for " + (long) age + " s", age, pending.depth());
        }
        if (stateSaveFailing || !Files.isWritable(config.stateDir())) {
            return new Health(false, "state folder " + config.stateDir() + " not writable", age, pending.depth());
        }
        return new Health(true, "in sync with s3://" + config.bucket() + "/" + config.prefix(), age, pending.depth());
    }

    /**
     * @param timeout how long to wait
     * @return whether a listing happened and nothing is pending
     * @throws InterruptedException when interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (index.known() && pending.idle() && !fullScanRequested.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** @return paths waiting or in flight */
    public int pendingCount() {
        return pending.depth();
    }

    /**
     * Graceful stop: stops watching and listing, uploads what is pending (ignoring the stability
     * window) for at most {@code bound}, then saves the state. Anything not done is simply not
     * recorded as synced, so the next start picks it up.
     *
     * @param bound upper bound on the flush
     * @return whether everything pending was flushed
     */
    public boolean stop(Duration bound) {
        if (!running) {
            return true;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        if (changeSource != null) {
            changeSource.close();
        }
        flushing = true;
        pending.allDueNow();
        requestFullScan();
        boolean flushed = false;
        while (System.nanoTime() < deadline) {
            if (pending.idle() && !fullScanRequested.get()) {
                flushed = true;
                break;
            }
            signal();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        poller.stop();
        signal();
        workers.shutdownNow();
        largeWorkers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            largeWorkers.awaitTermination(5, TimeUnit.SECONDS);
            coordinator.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveState(true);
        stateStore.close();
        LOG.info("stopped ({}); {} paths still pending", flushed ? "flushed" : "flush timed out", pending.depth());
        return flushed;
    }

    @Override
    public void close() {
        stop(config.shutdownTimeout());
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
