package io.dataworkspace.launcher.backend.local;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each tool as a local process on a free loopback port, in the user's home folder under the data directory,
 * with the environment a container would get. Needs no cloud and no Docker.
 *
 * <p>Each process runs in its own session (via {@code setsid}) so a Ctrl-C on the server's terminal does not reach
 * the tools, and a record file lets a restarted launcher find it again. The processes run as the server's own OS
 * user: this backend is for development and single-user machines, not for isolating users from each other.
 */
public final class LocalProcessBackend implements ContainerBackend {
    private static final Logger log = LoggerFactory.getLogger(LocalProcessBackend.class);
    private static final String LOG_FILE = "tool.log";

    private final Path homesDir;
    private final Path instancesDir;
    private final PortAllocator ports;
    /** Processes this JVM started, for their exit codes. */
    private final Map<String, Process> children = new ConcurrentHashMap<>();

    /**
     * @param firstPort, lastPort the loopback ports tools get; keep them outside the kernel's ephemeral range
     *                   ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by default)
     */
    public LocalProcessBackend(Path homesDir, Path instancesDir, int firstPort, int lastPort) {
        this.homesDir = homesDir;
        this.instancesDir = instancesDir;
        this.ports = new PortAllocator(firstPort, lastPort);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Optional<String> unavailableReason(ToolTemplate tool) {
        LocalToolSpec spec;
        try {
            spec = LocalToolSpec.parse(tool.specFor(name()));
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        for (String executable : spec.executables()) {
            if (findExecutable(executable).isEmpty()) {
                return Optional.of(executable + " is not installed on this machine (not found on PATH)");
            }
        }
        return Optional.empty();
    }

    @Override
    public String start(TaskSpec task, Consumer<String> progress) throws BackendException {
        LocalToolSpec spec;
        try {
            spec = LocalToolSpec.parse(task.tool().specFor(name()));
        } catch (IllegalArgumentException e) {
            throw new BackendException(task.tool().name() + " cannot be started: " + e.getMessage());
        }
        String taskId = task.instanceId().toString();
        Path dir = instancesDir.resolve(taskId);
        // a visualisation is shared by its viewers: it works in a folder of its own, never the opener's home
        Path home = task.tool().kind() == ToolKind.VISUALISATION ? dir.resolve("app") : homesDir.resolve(task.userId());
        try {
            Files.createDirectories(dir);
            Files.createDirectories(home);
            Set<Integer> held = livePorts();
            int port = ports.allocate(held::contains);
            Map<String, String> values = Map.of("PORT", Integer.toString(port), "HOME", home.toString(),
                    "BASE_URL", task.environment().getOrDefault("BASE_URL", "/"), "USER_ID", task.userId(),
                    "INSTANCE_ID", taskId);
            List<String> command = new ArrayList<>();
            command.add("setsid");
            spec.command().forEach(part -> command.add(LocalToolSpec.substitute(part, values)));

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(LOG_FILE).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
            env.put("LANG", "C.UTF-8");
            env.putAll(task.environment());
            env.put("HOME", home.toString());
            env.put("PORT", Integer.toString(port));
            spec.environment().forEach((k, v) -> env.put(k, LocalToolSpec.substitute(v, values)));

            Process process = builder.start();
            Instant processStart = process.info().startInstant().orElse(Instant.now());
            children.put(taskId, process);
            new ProcessRecord(task.instanceId(), process.pid(), processStart, port).write(dir);
            log.info("started {} for instance {} as pid {} on port {}", task.tool().slug(), taskId, process.pid(),
                    port);
            progress.accept("Starting " + task.tool().name());
            return taskId;
        } catch (IOException e) {
            throw new BackendException("could not start " + task.tool().name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TaskStatus status(String taskId) {
        Optional<ProcessRecord> record = ProcessRecord.read(instancesDir.resolve(taskId));
        if (record.isEmpty()) {
            return new TaskStatus.Exited("the tool's process is not running");
        }
        if (record.get().liveProcess().isPresent()) {
            return new TaskStatus.Running(new Endpoint("127.0.0.1", record.get().port()));
        }
        Process child = children.get(taskId);
        if (child != null && exitedWithin(child, Duration.ofSeconds(2))) {
            return new TaskStatus.Exited("the tool exited with code " + child.exitValue());
        }
        return new TaskStatus.Exited("the tool's process is no longer running");
    }

    /** The process is gone from /proc a moment before the JDK's reaper thread collects its exit code. */
    private static boolean exitedWithin(Process child, Duration wait) {
        try {
            return child.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void stop(String taskId, Duration grace) {
        Path dir = instancesDir.resolve(taskId);
        Optional<ProcessRecord> record = ProcessRecord.read(dir);
        Optional<ProcessHandle> process = record.flatMap(ProcessRecord::liveProcess);
        if (process.isPresent()) {
            terminate(process.get(), grace);
            log.info("stopped instance {} (pid {})", taskId, process.get().pid());
        }
        children.remove(taskId);
        record.ifPresent(r -> ports.release(r.port()));
        try {
            Files.deleteIfExists(dir.resolve(ProcessRecord.FILE_NAME));
        } catch (IOException e) {
            log.warn("could not remove the process record of {}: {}", taskId, e.getMessage());
        }
    }

    /** TERM to the whole tree, then KILL whatever is left after the grace period. */
    private static void terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // forced below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public List<BackendTask> list() throws BackendException {
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        List<BackendTask> tasks = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instancesDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                ProcessRecord.read(dir)
                        .filter(r -> r.liveProcess().isPresent())
                        .ifPresent(r -> tasks.add(new BackendTask(r.instanceId().toString(), r.instanceId())));
            }
        } catch (IOException e) {
            throw new BackendException("cannot list local tool processes in " + instancesDir + ": " + e.getMessage(),
                    e);
        }
        return tasks;
    }

    @Override
    public Optional<Double> cpuSeconds(String taskId) {
        return ProcessRecord.read(instancesDir.resolve(taskId))
                .flatMap(ProcessRecord::liveProcess)
                .flatMap(ProcessCpu::treeSeconds);
    }

    @Override
    public List<String> logTail(String taskId, int lines) {
        Path file = instancesDir.resolve(taskId).resolve(LOG_FILE);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] tail = new byte[window];
            raf.seek(length - window);
            raf.readFully(tail);
            String[] all = new String(tail, StandardCharsets.UTF_8).split("\r?\n");
            return List.of(Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The log file of an instance's process, for operators. */
    public Path logFile(UUID instanceId) {
        return instancesDir.resolve(instanceId.toString()).resolve(LOG_FILE);
    }

    /** Ports of the tools that are running now, whichever launcher started them. */
    private Set<Integer> livePorts() throws IOException {
        Set<Integer> held = new HashSet<>();
        if (Files.isDirectory(instancesDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instancesDir, Files::isDirectory)) {
                for (Path dir : dirs) {
                    ProcessRecord.read(dir).filter(r -> r.liveProcess().isPresent()).ifPresent(r -> held.add(r.port()));
                }
            }
        }
        return held;
    }

    static Optional<Path> findExecutable(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        Map<String, Boolean> seen = new HashMap<>();
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isEmpty() || seen.put(dir, true) != null) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
