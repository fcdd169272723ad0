package io.dataworkspace.deploy.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' {@code promtool} (Debian package {@code prometheus}) as a process. */
final class Promtool {
    /** What one run printed and how it ended. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** @return promtool from PATH; fails with a sentence naming the Debian package when it is missing */
    static Promtool find() {
        return find(System.getenv().getOrDefault("PATH", "/usr/bin"));
    }

    /** @param searchPath directories separated like PATH */
    static Promtool find(String searchPath) {
        Optional<Path> found = List.of(searchPath.split(File.pathSeparator)).stream().map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        return new Promtool(found.orElseThrow(() -> new AssertionError(
                "promtool is not installed: install the Debian package 'prometheus' (apt-get install -y prometheus)")));
    }

    /** Runs {@code promtool args…} in {@code dir}, at most 60 s. */
    Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
