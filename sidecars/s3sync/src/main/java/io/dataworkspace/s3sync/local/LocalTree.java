package io.dataworkspace.s3sync.local;

import io.dataworkspace.s3sync.decide.LocalFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synced folder seen as relative paths ({@code a/b.txt}; directories end with {@code /}).
 * Symbolic links are not followed and not synced.
 */
public final class LocalTree {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTree.class);

    private final Path root;
    private final Exclusions exclusions;

    /**
     * @param root       the synced folder
     * @param exclusions what is never synced
     */
    public LocalTree(Path root, Exclusions exclusions) {
        this.root = root;
        this.exclusions = exclusions;
    }

    /** @return the synced folder */
    public Path root() {
        return root;
    }

    /** @return the exclusions */
    public Exclusions exclusions() {
        return exclusions;
    }

    /**
     * @param relPath relative path
     * @return the absolute path
     */
    public Path resolve(String relPath) {
        String p = relPath.endsWith("/") ? relPath.substring(0, relPath.length() - 1) : relPath;
        return root.resolve(p);
    }

    /**
     * @param absolute a path under the root
     * @param directory whether it is a directory
     * @return its relative form, or empty when outside the root or the root itself
     */
    public Optional<String> relativize(Path absolute, boolean directory) {
        Path rel = root.relativize(absolute);
        if (rel.toString().isEmpty() || rel.startsWith("..")) {
            return Optional.empty();
        }
        String s = rel.toString().replace(java.io.File.separatorChar, '/');
        return Optional.of(directory ? s + "/" : s);
    }

    /**
     * @param relPath relative path
     * @return what is on disk, empty when absent, excluded, of another kind (file vs directory) or a link
     */
    public Optional<LocalFile> stat(String relPath) {
        if (exclusions.excluded(relPath)) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes a = Files.readAttributes(resolve(relPath), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return toLocal(relPath.endsWith("/"), a);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot stat {}: {}", relPath, e.toString());
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<LocalFile> toLocal(boolean wantDirectory, BasicFileAttributes a) {
        if (wantDirectory) {
            return a.isDirectory() ? Optional.of(LocalFile.DIRECTORY) : Optional.empty();
        }
        if (!a.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new LocalFile(a.size(), a.lastModifiedTime().to(TimeUnit.MICROSECONDS), false));
    }

    /**
     * Walks a subtree.
     *
     * @param relDir relative directory to start from ("" for the whole folder)
     * @return every file and directory under it that is not excluded
     * @throws IOException when the walk fails
     */
    public Map<String, LocalFile> scan(String relDir) throws IOException {
        Map<String, LocalFile> out = new HashMap<>();
        Path start = relDir.isEmpty() ? root : resolve(relDir);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Optional<String> rel = relativize(dir, true);
                if (rel.isEmpty()) {
                    return FileVisitResult.CONTINUE;
                }
                if (exclusions.excluded(rel.get())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                out.put(rel.get(), LocalFile.DIRECTORY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                relativize(file, false).filter(r -> !exclusions.excluded(r))
                        .ifPresent(r -> toLocal(false, attrs).ifPresent(l -> out.put(r, l)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                if (!(exc instanceof NoSuchFileException)) {
                    LOG.warn("cannot read {}: {}", file, exc.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }
}
