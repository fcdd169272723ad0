package io.dataworkspace.launcher.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the local backend remembers of a process it started, in a file beside the instance's log, so that a
 * restarted launcher can find, adopt or stop processes an earlier launcher started. The start time guards against
 * a recycled process id.
 */
record ProcessRecord(UUID instanceId, long pid, Instant processStart, int port) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);
    static final String FILE_NAME = "process.json";

    void write(Path dir) throws IOException {
        String json = JSON.createObjectNode()
                .put("instanceId", instanceId.toString())
                .put("pid", pid)
                .put("processStart", processStart.toEpochMilli())
                .put("port", port)
                .toString();
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<ProcessRecord> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return Optional.of(new ProcessRecord(UUID.fromString(node.get("instanceId").asText()),
                    node.get("pid").asLong(), Instant.ofEpochMilli(node.get("processStart").asLong()),
                    node.get("port").asInt()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The live process this record describes, unless it has exited (or its pid now belongs to another process). */
    Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant()
                        .map(start -> Duration.between(start, processStart).abs().compareTo(START_TOLERANCE) <= 0)
                        .orElse(true));
    }
}
