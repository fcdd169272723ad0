package io.dataworkspace.launcher.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** CPU time of a process tree, from Linux's {@code /proc/<pid>/stat}. */
final class ProcessCpu {
    /** USER_HZ: the unit of /proc's CPU times. 100 on every Linux architecture that Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** User + system CPU seconds of the process and all its descendants; empty where /proc is unavailable. */
    static Optional<Double> treeSeconds(ProcessHandle root) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.empty();
        }
        long ticks = Stream.concat(Stream.of(root), root.descendants()).mapToLong(ProcessCpu::ticks).sum();
        return Optional.of(ticks / TICKS_PER_SECOND);
    }

    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process exited while we looked
        }
    }
}
