package io.dataworkspace.s3sync.state;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
 * The state on disk: a snapshot ({@code state.tsv}: one line per path, {@code size TAB mtime TAB etag TAB path},
 * path percent-escaped) and an append-only journal beside it ({@code state.journal}: {@code + size mtime etag path}
 * or {@code - path} per change since the snapshot).
 *
 * <p>Changes are appended and forced to disk in batches, so the cost of persisting a sync is one short line, not a
 * rewrite of every path. A full save ({@link #save}) writes a new snapshot to a temporary file, forces it and
 * renames it over the old one, then starts an empty journal the same way; both carry a generation number and a
 * journal is only replayed on the snapshot of its own generation, so a crash at any point leaves the old state or
 * the new one, never a mix. A journal line cut short by a crash is ignored (that change is simply not recorded as
 * synced, which the three-way decision handles without loss).
 */
public final class StateStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final String HEADER = "# s3sync state v1";
    private static final String GENERATION = "# generation ";
    private static final String JOURNAL_HEADER = "# s3sync journal ";

    private final Path file;
    private final Path journal;
    /** A full save is due once the journal holds this many lines and more than twice as many as there are paths. */
    private static final long MIN_JOURNAL_LINES = 20_000;

    private long generation;
    private long journalLines;
    private boolean fullSaveDue;
    private FileChannel journalChannel;

    /** @param file the state file (its folder is created when missing); the journal lives beside it */
    public StateStore(Path file) {
        this.file = file;
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.journal = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".journal");
    }

    /** @return the state file */
    public Path file() {
        return file;
    }

    /** @return the journal file */
    public Path journal() {
        return journal;
    }

    /** @return lines in the journal since the last full save */
    public synchronized long journalLines() {
        return journalLines;
    }

    /**
     * @param entries how many paths the state holds
     * @return whether the next save must be a full one: the journal is long, or it is not safe to append to (a
     *         failed append, or a journal that could not be replayed to its end)
     */
    public synchronized boolean fullSaveDue(int entries) {
        return fullSaveDue || journalLines > Math.max(MIN_JOURNAL_LINES, 2L * entries);
    }

    /**
     * Reads the snapshot and replays the journal of the same generation.
     *
     * @return the saved entries; empty when there is no state yet
     * @throws IOException when the snapshot cannot be read or is not a state file
     */
    public synchronized Map<String, SyncedEntry> load() throws IOException {
        Map<String, SyncedEntry> out = new HashMap<>();
        generation = 0;
        journalLines = 0;
        fullSaveDue = false;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException("state file " + file + " does not start with '" + HEADER + "'");
            }
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith(GENERATION)) {
                    generation = parseGeneration(line.substring(GENERATION.length()), i + 1);
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
        }
        replayJournal(out);
        return out;
    }

    private long parseGeneration(String s, int line) throws IOException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException("state file " + file + " line " + line + ": bad generation '" + s + "'", e);
        }
    }

    private void replayJournal(Map<String, SyncedEntry> out) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1; // a last line without its newline was cut short by a crash
        String[] lines = text.substring(0, end).split("\n");
        // whatever happens below, the journal is rewritten by a full save before anything is appended to it
        fullSaveDue = true;
        if (lines.length == 0 || !lines[0].startsWith(JOURNAL_HEADER)) {
            LOG.warn("ignoring journal {}: no header", journal);
            return;
        }
        long journalGeneration;
        try {
            journalGeneration = Long.parseLong(lines[0].substring(JOURNAL_HEADER.length()).trim());
        } catch (NumberFormatException e) {
            LOG.warn("ignoring journal {}: bad header '{}'", journal, lines[0]);
            return;
        }
        if (journalGeneration != generation) {
            // the snapshot was replaced after this journal was started: it already holds all of it
            LOG.info("ignoring journal {} of generation {} (snapshot is generation {})", journal, journalGeneration,
                    generation);
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            try {
                if (f.length == 2 && f[0].equals("-")) {
                    out.remove(unescape(f[1]));
                } else if (f.length == 5 && f[0].equals("+")) {
                    out.put(unescape(f[4]), new SyncedEntry(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
                } else {
                    throw new NumberFormatException("unknown record");
                }
                journalLines++;
            } catch (NumberFormatException e) {
                // only a failed append can leave this (and a full save follows every failed append): stop here,
                // what follows is treated as never synced
                LOG.warn("journal {} line {} unreadable ({}); ignoring the rest", journal, i + 1, e.getMessage());
                return;
            }
        }
        if (end < text.length()) {
            LOG.info("journal {} ended in a line cut short (a crash while appending): ignored", journal);
        }
    }

    /**
     * Appends changes to the journal and forces them to disk. After a failure the journal may end in a partial
     * line: the caller must then do a full {@link #save} before appending again.
     *
     * @param changes changes in the order they were made
     * @throws IOException when the journal cannot be written
     */
    public synchronized void append(List<SyncState.Change> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        if (fullSaveDue) {
            throw new IllegalStateException("a full save is due before appending to " + journal);
        }
        StringBuilder b = new StringBuilder(changes.size() * 64);
        for (SyncState.Change c : changes) {
            if (c.entry() == null) {
                b.append("-\t").append(escape(c.path())).append('\n');
            } else {
                SyncedEntry s = c.entry();
                b.append("+\t").append(s.size()).append('\t').append(s.mtimeMicros()).append('\t').append(s.etag())
                        .append('\t').append(escape(c.path())).append('\n');
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        try {
            if (journalChannel == null) {
                openJournal();
            }
            while (buf.hasRemaining()) {
                journalChannel.write(buf);
            }
            journalChannel.force(false);
        } catch (IOException e) {
            fullSaveDue = true; // these changes are only in memory now, and the journal may end in a partial line
            closeJournal();
            throw e;
        }
        journalLines += changes.size();
    }

    private void openJournal() throws IOException {
        Files.createDirectories(journal.getParent());
        if (!Files.exists(journal)) {
            writeAtomically(journal, JOURNAL_HEADER + generation + "\n");
        }
        journalChannel = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Full save: atomically replaces the snapshot (next generation), then starts an empty journal.
     *
     * @param entries what to save
     * @throws IOException when the files cannot be written
     */
    public synchronized void save(Map<String, SyncedEntry> entries) throws IOException {
        closeJournal();
        fullSaveDue = true; // until both files are in place
        long next = generation + 1;
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(HEADER);
            w.write('\n');
            w.write(GENERATION + next + "\n");
            for (Map.Entry<String, SyncedEntry> e : new TreeMap<>(entries).entrySet()) {
                SyncedEntry s = e.getValue();
                w.write(s.size() + "\t" + s.mtimeMicros() + "\t" + s.etag() + "\t" + escape(e.getKey()) + "\n");
            }
        }
        replace(tmp, file);
        generation = next;
        // the old journal (previous generation) is now ignored on load; start the new one
        writeAtomically(journal, JOURNAL_HEADER + generation + "\n");
        journalLines = 0;
        fullSaveDue = false;
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        replace(tmp, target);
    }

    private void replace(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("atomic rename not supported in {}; falling back to a plain replace", target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel ch = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("could not fsync {}: {}", target.getParent(), e.toString());
        }
    }

    private void closeJournal() {
        if (journalChannel != null) {
            try {
                journalChannel.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", journal, e.toString());
            }
            journalChannel = null;
        }
    }

    @Override
    public synchronized void close() {
        closeJournal();
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
