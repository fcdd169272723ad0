package io.dataworkspace.s3sync.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the folder recursively with the JDK {@link WatchService} (inotify on Linux). New folders
 * are registered as they appear; an {@code OVERFLOW} (events were dropped) is reported so the owner
 * runs a full scan. Events are hints: the owner always re-reads the disk before acting.
 */
public final class FolderWatcher implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    /** Receives relative paths (without trailing {@code /}) that may have changed, and overflows. */
    public interface Listener {
        /** @param relPaths paths whose file or folder may have been created, modified or deleted */
        void changed(List<String> relPaths);

        /** Events were lost: the whole folder must be rescanned. */
        void overflow();
    }

    private final LocalTree tree;
    private final Listener listener;
    private final WatchService service;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param tree     the folder
     * @param listener where changes go
     * @throws IOException when no watch service is available
     */
    public FolderWatcher(LocalTree tree, Listener listener) throws IOException {
        this.tree = tree;
        this.listener = listener;
        this.service = FileSystems.getDefault().newWatchService();
    }

    /**
     * Registers the root and every non-excluded folder below it.
     *
     * @throws IOException when the root cannot be walked
     */
    public void registerAll() throws IOException {
        registerTree(tree.root());
    }

    /**
     * Registers every folder, then starts the event thread.
     *
     * @throws IOException when the root cannot be walked
     */
    @Override
    public void start() throws IOException {
        registerAll();
        Thread t = new Thread(this::loop, "s3sync-watcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        while (!closed) {
            try {
                pollOnce(Duration.ofMillis(500));
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("watcher error; asking for a full scan", e);
                listener.overflow();
            }
        }
    }

    /**
     * Handles the events of one ready key.
     *
     * @param timeout how long to wait for one
     * @return whether a key was handled
     * @throws InterruptedException when interrupted while waiting
     */
    boolean pollOnce(Duration timeout) throws InterruptedException {
        WatchKey key = service.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        Path dir = keys.get(key);
        List<String> changed = new ArrayList<>();
        boolean overflow = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                continue;
            }
            if (dir == null) {
                continue;
            }
            Path child = dir.resolve((Path) ev.context());
            var rel = tree.relativize(child, false);
            if (rel.isEmpty() || tree.exclusions().excluded(rel.get())) {
                continue;
            }
            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    registerTree(child);
                } catch (IOException e) {
                    LOG.warn("cannot watch new folder {}: {}", rel.get(), e.toString());
                    overflow = true;
                }
            }
            changed.add(rel.get());
        }
        if (!key.reset()) {
            keys.remove(key);
        }
        if (overflow) {
            LOG.warn("file events were dropped; a full scan will catch up");
            listener.overflow();
        }
        if (!changed.isEmpty()) {
            listener.changed(changed);
        }
        return true;
    }

    private void registerTree(Path start) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                var rel = tree.relativize(dir, true);
                if (rel.isPresent() && tree.exclusions().excluded(rel.get())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                try {
                    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                    keys.put(key, dir);
                } catch (NoSuchFileException e) {
                    return FileVisitResult.SKIP_SUBTREE;
                } catch (IOException e) {
                    // e.g. the inotify watch limit: the periodic full scan still finds changes here
                    LOG.warn("cannot watch {} ({}); relying on the periodic full scan there", dir, e.toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                if (!(exc instanceof NoSuchFileException)) {
                    LOG.warn("cannot watch {}: {}", file, exc.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** @return number of folders watched */
    public int watchedFolders() {
        return keys.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing watch service: {}", e.toString());
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
