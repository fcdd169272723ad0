package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * Runs each tool as an ECS Fargate task (awsvpc, private subnets, no public IP) from the tool's task definition,
 * with the {@code tool}, {@code s3sync} and {@code metrics} containers of deploy/aws (a visualisation's task has no
 * {@code s3sync}; the {@code metrics} sidecar relays credentials requests on the task's loopback). Task ids are task
 * ARNs.
 *
 * <p>Every ECS call is bounded: throttling, server errors and capacity shortages are retried with jittered backoff
 * a configured number of times within a deadline. {@link #status} describes a task at most once per backoff
 * interval (growing from {@code pollMin} to {@code pollMax} while nothing changes) however often it is asked, and
 * describes all starting tasks that are due in one call ({@link TaskWatcher}), so many tools starting at once do
 * not exhaust the account's DescribeTasks rate.
 */
public final class FargateBackend implements ContainerBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FargateBackend.class);
    static final String STOP_REASON = "Stopped by the Data Workspace launcher";
    /** DescribeTasks takes at most 100 tasks; ListTasks returns at most 100 per page. */
    private static final int BATCH = 100;
    /** list() reads at most this many pages of ListTasks (10,000 tasks). */
    private static final int MAX_LIST_PAGES = 100;

    private final FargateConfig config;
    private final EcsClient ecs;
    private final EcsRetries retries;
    private final RunTaskRequests requests;
    private final SidecarCpu cpu;
    private final TaskWatcher watcher;

    /** @param describeBatch tasks per DescribeTasks call while watching starts (100; 1 turns batching off) */
    FargateBackend(FargateConfig config, EcsClient ecs, EcsRetries retries, int describeBatch) {
        this.config = config;
        this.ecs = ecs;
        this.retries = retries;
        this.requests = new RunTaskRequests(config);
        this.cpu = new SidecarCpu(config.metricsPort(), config.cpuTimeout());
        this.watcher = new TaskWatcher(arns -> describe(arns).tasks(), config.s3syncContainer(), config.pollMin(),
                config.pollMax(), describeBatch, config.apiTimeout().plusSeconds(5));
    }

    /** A backend with its own ECS client (Apache HTTP client, the configured credentials, region and endpoint). */
    public static FargateBackend create(FargateConfig config) {
        return create(config, BATCH);
    }

    static FargateBackend create(FargateConfig config, int describeBatch) {
        EcsClientBuilder builder = EcsClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(config.credentials())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(config.apiTimeout())
                        .maxConnections(64))
                // retries are ours (EcsRetries): bounded, logged, and aware of capacity shortages
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(config.apiTimeout()));
        config.ecsEndpoint().ifPresent(builder::endpointOverride);
        return new FargateBackend(config, builder.build(),
                new EcsRetries(config.maxAttempts(), Duration.ofMillis(200), Duration.ofSeconds(5),
                        config.apiTimeout()), describeBatch);
    }

    @Override
    public String name() {
        return "fargate";
    }

    @Override
    public Optional<String> unavailableReason(ToolTemplate tool) {
        try {
            FargateToolSpec.of(tool, config);
            FargateSize.of(tool.cpuMillicores(), tool.memoryMb());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public String start(TaskSpec spec, Consumer<String> progress) throws BackendException {
        FargateToolSpec tool;
        FargateSize size;
        try {
            tool = FargateToolSpec.of(spec.tool(), config);
            size = FargateSize.of(spec.tool().cpuMillicores(), spec.tool().memoryMb());
        } catch (IllegalArgumentException e) {
            throw new BackendException(spec.tool().name() + " cannot be started: " + e.getMessage());
        }
        progress.accept("Asking AWS for a " + size.cpuUnits() / 1024.0 + " vCPU, " + size.memoryMib()
                + " MiB Fargate task");
        RunTaskRequest request = requests.build(spec, tool, size, 0);
        AtomicInteger round = new AtomicInteger();
        RunTaskResponse response = retries.call("RunTask", () -> {
            RunTaskResponse answer = ecs.runTask(request.toBuilder()
                    .clientToken(RunTaskRequests.clientToken(spec.instanceId(), round.get()))
                    .build());
            Optional<Failure> shortage = answer.failures().stream()
                    .filter(f -> TaskStates.isCapacityShortage(f.reason())).findFirst();
            if (answer.tasks().isEmpty() && shortage.isPresent()) {
                round.incrementAndGet(); // nothing was launched: the next attempt may use a fresh token
                throw new EcsRetries.Retryable(TaskStates.runFailure(shortage.get()));
            }
            return answer;
        });
        if (response.tasks().isEmpty()) {
            Optional<Failure> failure = response.failures().stream().findFirst();
            throw new BackendException(failure.map(TaskStates::runFailure)
                    .orElse("ECS started no task and gave no reason"));
        }
        Task task = response.tasks().get(0);
        watcher.record(task.taskArn(), task);
        log.info("started task {} ({}) for instance {} of {}", task.taskArn(), tool.taskDefinition(),
                spec.instanceId(), spec.tool().slug());
        progress.accept(TaskStates.progressMessage(String.valueOf(task.lastStatus())));
        return task.taskArn();
    }

    @Override
    public TaskStatus status(String taskId) {
        return watcher.status(taskId);
    }

    /**
     * Asks ECS to stop the task. ECS sends SIGTERM, then SIGKILL after the task definition's {@code stopTimeout}:
     * {@code grace} cannot be passed to ECS, so the task definition must carry it. Stopping a gone task is a no-op.
     */
    @Override
    public void stop(String taskId, Duration grace) throws BackendException {
        watcher.forget(taskId);
        try {
            retries.call("StopTask", () -> ecs.stopTask(StopTaskRequest.builder()
                    .cluster(config.cluster())
                    .task(taskId)
                    .reason(STOP_REASON)
                    .build()));
            log.info("asked ECS to stop task {}", taskId);
        } catch (BackendException e) {
            if (e.getCause() instanceof AwsServiceException service && EcsRetries.mentionsNotFound(service)) {
                log.info("task {} is already gone", taskId);
                return;
            }
            throw e;
        }
    }

    /** The tasks started by this deployment ({@code startedBy}) that ECS still wants running, with their tags. */
    @Override
    public List<BackendTask> list() throws BackendException {
        List<String> arns = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String token = next;
            ListTasksResponse page = retries.call("ListTasks", () -> ecs.listTasks(ListTasksRequest.builder()
                    .cluster(config.cluster())
                    .startedBy(config.startedBy())
                    .desiredStatus(DesiredStatus.RUNNING)
                    .maxResults(BATCH)
                    .nextToken(token)
                    .build()));
            arns.addAll(page.taskArns());
            next = page.nextToken();
            pages++;
        } while (next != null && pages < MAX_LIST_PAGES);
        if (next != null) {
            log.warn("more than {} tasks are running in {}; the reconciler sees the first {} only",
                    arns.size(), config.cluster(), arns.size());
        }
        List<BackendTask> tasks = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += BATCH) {
            for (Task task : describe(arns.subList(from, Math.min(arns.size(), from + BATCH))).tasks()) {
                Optional<UUID> instance = TaskStates.tag(task, TaskStates.INSTANCE_TAG).flatMap(FargateBackend::uuid);
                if (instance.isPresent()) {
                    tasks.add(new BackendTask(task.taskArn(), instance.get()));
                } else {
                    log.warn("task {} was started by {} but has no {} tag; leaving it alone", task.taskArn(),
                            config.startedBy(), TaskStates.INSTANCE_TAG);
                }
            }
        }
        return tasks;
    }

    private DescribeTasksResponse describe(List<String> arns) throws BackendException {
        return retries.call("DescribeTasks", () -> ecs.describeTasks(DescribeTasksRequest.builder()
                .cluster(config.cluster())
                .tasks(arns)
                .include(TaskField.TAGS)
                .build()));
    }

    /** CPU seconds of the tool's containers, from the metrics sidecar at the task's address. */
    @Override
    public Optional<Double> cpuSeconds(String taskId) {
        return watcher.address(taskId).flatMap(cpu::read);
    }

    /** The metrics sidecar and s3sync, at the task's address (the host of the tool's endpoint). */
    @Override
    public List<ScrapeTarget> scrapeTargets(String taskId, Endpoint toolEndpoint, boolean syncsHome) {
        ScrapeTarget metrics = new ScrapeTarget("metrics", toolEndpoint.host() + ":" + config.metricsPort());
        return syncsHome ? List.of(metrics, new ScrapeTarget("s3sync", toolEndpoint.host() + ":" + config.s3syncPort()))
                : List.of(metrics);
    }

    private static Optional<UUID> uuid(String raw) {
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ecs.close();
    }
}
