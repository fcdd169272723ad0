package io.dataworkspace.s3sync.state;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the state file: one line per path ({@code size TAB mtime TAB etag TAB path}, path
 * percent-escaped), written to a temporary file, forced to disk and renamed over the old one, so a
 * crash leaves either the old or the new state, never a torn one.
 */
public final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final String HEADER = "# s3sync state v1";

    private final Path file;

    /** @param file the state file (its folder is created when missing) */
    public StateStore(Path file) {
        this.file = file;
    }

    /** @return the state file */
    public Path file() {
        return file;
    }

    /**
     * @return the saved entries; empty when there is no state file yet
     * @throws IOException when the file cannot be read or is not a state file
     */
    public Map<String, SyncedEntry> load() throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException("state file " + file + " does not start with '" + HEADER + "'");
        }
        Map<String, SyncedEntry> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 4);
            if (f.length != 4) {
                throw new IOException("state file " + file + " line " + (i + 1) + ": expected 4 tab-separated fields");
            }
            try {
                out.put(unescape(f[3]), new SyncedEntry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
            } catch (NumberFormatException e) {
                throw new IOException("state file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Atomically replaces the state file.
     *
     * @param entries what to save
     * @throws IOException when the file cannot be written
     */
    public void save(Map<String, SyncedEntry> entries) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(HEADER);
            w.write('\n');
            for (Map.Entry<String, SyncedEntry> e : new TreeMap<>(entries).entrySet()) {
                SyncedEntry s = e.getValue();
                w.write(s.size() + "\t" + s.mtimeMicros() + "\t" + s.etag() + "\t" + escape(e.getKey()) + "\n");
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("atomic rename not supported in {}; falling back to a plain replace", dir);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("could not fsync {}: {}", dir, e.toString());
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '%' -> b.append("%25");
                case '\t' -> b.append("%09");
                case '\n' -> b.append("%0A");
                case '\r' -> b.append("%0D");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
