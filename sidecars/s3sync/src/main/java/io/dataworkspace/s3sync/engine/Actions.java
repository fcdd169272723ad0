package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.decide.LocalFile;
import io.dataworkspace.s3sync.decide.RemoteObject;
import io.dataworkspace.s3sync.decide.SyncedEntry;
import io.dataworkspace.s3sync.local.LocalTree;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.dataworkspace.s3sync.remote.ContentHashes;
import io.dataworkspace.s3sync.remote.RemoteChangedException;
import io.dataworkspace.s3sync.remote.RemoteStore;
import io.dataworkspace.s3sync.state.SyncState;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out decisions. Each action re-reads the disk and acts only if what it sees is what the
 * decision was based on; local files are never overwritten or deleted in place: the old inode is
 * first moved aside, checked, and restored (or kept as a conflict copy) if it changed meanwhile.
 */
final class Actions {
    private static final Logger LOG = LoggerFactory.getLogger(Actions.class);

    private final LocalTree tree;
    private final RemoteStore remote;
    private final RemoteIndex index;
    private final SyncState state;
    private final SyncMetrics metrics;
    private final Path tmpDir;
    private final long partSize;
    private final Consumer<String> markNow;

    Actions(LocalTree tree, RemoteStore remote, RemoteIndex index, SyncState state, SyncMetrics metrics, Path tmpDir,
            long partSize, Consumer<String> markNow) {
        this.tree = tree;
        this.remote = remote;
        this.index = index;
        this.state = state;
        this.metrics = metrics;
        this.tmpDir = tmpDir;
        this.partSize = partSize;
        this.markNow = markNow;
    }

    Outcome upload(String path, LocalFile seen) {
        Optional<RemoteObject> expected = index.get(path);
        try {
            Optional<LocalFile> before = tree.stat(path);
            if (!before.equals(Optional.of(seen))) {
                return new Outcome.Again("changed before upload");
            }
            RemoteObject uploaded = remote.upload(path, tree.resolve(path), expected.map(RemoteObject::etag));
            index.wrote(path, Optional.of(uploaded));
            // record what was read before the upload: if the file changed while uploading, the next
            // look sees a local change against this entry and uploads again
            state.put(path, seen.directory() ? dirEntry() : new SyncedEntry(seen.size(), seen.mtimeMicros(), uploaded.etag()));
            if (seen.directory()) {
                metrics.file("mkdir_remote");
            } else {
                metrics.uploaded(seen.size());
            }
            LOG.debug("uploaded {} ({} bytes)", path, seen.size());
            return Outcome.DONE;
        } catch (RemoteChangedException e) {
            return refresh(path, "remote changed during upload");
        } catch (NoSuchFileException e) {
            return new Outcome.Again("deleted during upload");
        } catch (IOException | RuntimeException e) {
            return new Outcome.Failed("upload", e);
        }
    }

    Outcome download(String path) {
        Optional<RemoteObject> obj = index.get(path);
        Optional<SyncedEntry> base = state.get(path);
        try {
            Optional<LocalFile> before = tree.stat(path);
            if (before.isPresent() && base.map(b -> !b.matches(before.get())).orElse(true)) {
                return new Outcome.Again("local changed before download");
            }
            if (obj.isEmpty()) {
                return new Outcome.Again("remote vanished");
            }
            if (path.endsWith("/")) {
                Files.createDirectories(tree.resolve(path));
                state.put(path, dirEntry());
                metrics.file("mkdir_local");
                return Outcome.DONE;
            }
            Path tmp = tmpFile();
            try {
                RemoteObject got = remote.download(path, tmp);
                // an mtime in the past: a later local write always changes it, even on coarse clocks
                Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(
                        got.lastModifiedMillis() > 0 ? Math.min(got.lastModifiedMillis(), System.currentTimeMillis() - 1000)
                                : System.currentTimeMillis() - 1000));
                Path target = tree.resolve(path);
                Files.createDirectories(target.getParent());
                Optional<LocalFile> now = tree.stat(path);
                if (!now.equals(before)) {
                    return new Outcome.Again("local changed during download");
                }
                if (!replace(path, tmp, before)) {
                    return new Outcome.Again("local file appeared during download");
                }
                LocalFile placed = tree.stat(path).orElseThrow(() -> new NoSuchFileException(path));
                state.put(path, new SyncedEntry(placed.size(), placed.mtimeMicros(), got.etag()));
                index.wrote(path, Optional.of(got));
                metrics.downloaded(got.size());
                LOG.debug("downloaded {} ({} bytes)", path, got.size());
                return Outcome.DONE;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (RemoteChangedException e) {
            return refresh(path, "remote vanished during download");
        } catch (IOException | RuntimeException e) {
            return new Outcome.Failed("download", e);
        }
    }

    /**
     * Moves {@code tmp} to the path. A local file there is first moved aside, then compared with what the
     * decision saw: if it was written meanwhile it is kept as a conflict copy, never dropped.
     *
     * @return false when a local file appeared in the way (decide again)
     */
    private boolean replace(String path, Path tmp, Optional<LocalFile> expectedOld) throws IOException {
        Path target = tree.resolve(path);
        if (expectedOld.isEmpty()) {
            try {
                moveNoReplace(tmp, target);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        Path aside = tmpFile();
        move(target, aside);
        boolean placed;
        try {
            moveNoReplace(tmp, target);
            placed = true;
        } catch (FileAlreadyExistsException e) {
            placed = false;
        }
        LocalFile old = statAbsolute(aside);
        if (old != null && !old.equals(expectedOld.get())) {
            String copy = conflictName(path);
            moveNoReplace(aside, tree.resolve(copy));
            LOG.warn("{} was written while being replaced by its remote version; kept that write as {}", path, copy);
            metrics.conflict();
            markNow.accept(copy);
        } else {
            Files.deleteIfExists(aside);
        }
        return placed;
    }

    Outcome deleteLocal(String path) {
        Optional<SyncedEntry> base = state.get(path);
        try {
            Optional<LocalFile> now = tree.stat(path);
            if (now.isEmpty()) {
                state.remove(path);
                return Outcome.DONE;
            }
            if (base.isEmpty() || !base.get().matches(now.get())) {
                return new Outcome.Again("local changed before delete");
            }
            if (path.endsWith("/")) {
                return deleteLocalDirectory(path);
            }
            Path aside = tmpFile();
            move(tree.resolve(path), aside);
            LocalFile moved = statAbsolute(aside);
            if (moved != null && !base.get().matches(moved)) {
                // written between the check and the move: put it back (or beside, if recreated)
                try {
                    moveNoReplace(aside, tree.resolve(path));
                } catch (FileAlreadyExistsException e) {
                    moveNoReplace(aside, tree.resolve(conflictName(path)));
                }
                return new Outcome.Again("local changed during delete");
            }
            Files.deleteIfExists(aside);
            state.remove(path);
            metrics.file("delete_local");
            LOG.info("deleted {} locally (deleted in S3)", path);
            return Outcome.DONE;
        } catch (IOException | RuntimeException e) {
            return new Outcome.Failed("delete_local", e);
        }
    }

    private Outcome deleteLocalDirectory(String path) throws IOException {
        try {
            Files.delete(tree.resolve(path));
            state.remove(path);
            metrics.file("rmdir_local");
            return Outcome.DONE;
        } catch (DirectoryNotEmptyException e) {
            try (var children = Files.list(tree.resolve(path))) {
                boolean keep = children.anyMatch(c -> {
                    String rel = tree.relativize(c, Files.isDirectory(c)).orElse("");
                    return tree.exclusions().excluded(rel) || state.get(rel).isEmpty() || index.get(rel).isPresent();
                });
                if (keep) {
                    // it holds things that stay: forget the folder so its marker is uploaded again
                    state.remove(path);
                    return new Outcome.Again("folder keeps unsynced content");
                }
            }
            return new Outcome.Later("folder not empty yet");
        }
    }

    Outcome deleteRemote(String path) {
        Optional<RemoteObject> obj = index.get(path);
        try {
            if (tree.stat(path).isPresent()) {
                return new Outcome.Again("local reappeared");
            }
            if (obj.isPresent()) {
                remote.delete(path, obj.get().etag());
            }
            index.wrote(path, Optional.empty());
            state.remove(path);
            metrics.file("delete_remote");
            LOG.debug("deleted {} in S3 (deleted locally)", path);
            return Outcome.DONE;
        } catch (RemoteChangedException e) {
            return refresh(path, "remote changed before delete");
        } catch (RuntimeException e) {
            return new Outcome.Failed("delete_remote", e);
        }
    }

    /**
     * Both sides changed. If the bytes are equal, record them; otherwise download the remote version
     * as a conflict copy beside the local file, then upload the local file over the remote version we
     * just saved.
     */
    Outcome conflict(String path, LocalFile seen) {
        Optional<RemoteObject> obj = index.get(path);
        if (obj.isEmpty()) {
            return new Outcome.Again("remote vanished");
        }
        try {
            Path file = tree.resolve(path);
            if (ContentHashes.matchesEtag(file, obj.get().etag(), partSize) && tree.stat(path).equals(Optional.of(seen))) {
                state.put(path, new SyncedEntry(seen.size(), seen.mtimeMicros(), obj.get().etag()));
                return Outcome.DONE;
            }
            Path tmp = tmpFile();
            RemoteObject got;
            try {
                got = remote.download(path, tmp);
                String copy = conflictName(path);
                moveNoReplace(tmp, tree.resolve(copy));
                metrics.conflict();
                metrics.downloaded(got.size());
                LOG.warn("conflict on {}: both sides changed; kept the S3 version as {}", path, copy);
                markNow.accept(copy);
            } finally {
                Files.deleteIfExists(tmp);
            }
            // the remote version is safe locally: replace it with the local one (only if it is still that version)
            index.wrote(path, Optional.of(got));
            return upload(path, seen);
        } catch (RemoteChangedException e) {
            return refresh(path, "remote changed during conflict resolution");
        } catch (IOException | RuntimeException e) {
            return new Outcome.Failed("conflict", e);
        }
    }

    private Outcome refresh(String path, String why) {
        try {
            index.observed(path, remote.head(path));
            return new Outcome.Again(why);
        } catch (RuntimeException e) {
            return new Outcome.Failed("head", e);
        }
    }

    private String conflictName(String path) {
        return io.dataworkspace.s3sync.engine.ConflictNames.conflictCopy(path, Instant.now(),
                p -> Files.exists(tree.resolve(p)) || index.get(p).isPresent() || state.get(p).isPresent());
    }

    private Path tmpFile() throws IOException {
        Files.createDirectories(tmpDir);
        return tmpDir.resolve(UUID.randomUUID().toString());
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Atomic move that never replaces: a hard link fails if the target exists (rename(2) would
     * silently replace it). Falls back to a checked move where links are not supported.
     */
    static void moveNoReplace(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.createLink(to, from);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(from, to);
            return;
        }
        Files.delete(from);
    }

    private static LocalFile statAbsolute(Path p) throws IOException {
        try {
            var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return new LocalFile(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.MICROSECONDS), false);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static SyncedEntry dirEntry() {
        return new SyncedEntry(0, 0, SyncedEntry.DIRECTORY_ETAG);
    }
}
