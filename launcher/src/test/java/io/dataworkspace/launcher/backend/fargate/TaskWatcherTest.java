package io.dataworkspace.launcher.backend.fargate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

class TaskWatcherTest {
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    private Task task(String arn) {
        return Task.builder().taskArn(arn).lastStatus(states.getOrDefault(arn, "PROVISIONING"))
                .desiredStatus("RUNNING").tags(Tag.builder().key(TaskStates.PORT_TAG).value("8888").build()).build();
    }

    private TaskWatcher watcher(Duration min, Duration max, int batch) {
        return new TaskWatcher(arns -> {
            calls.add(List.copyOf(arns));
            if (failing) {
                throw new BackendException("ECS DescribeTasks still failed after 5 attempts: ThrottlingException");
            }
            return arns.stream().filter(a -> !a.endsWith("gone")).map(this::task).toList();
        }, "s3sync", min, max, batch, Duration.ofSeconds(10));
    }

    @Test
    void shouldDescribeEveryDueTaskInOneCall() {
        TaskWatcher watcher = watcher(Duration.ofMillis(200), Duration.ofSeconds(1), 100);
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arns.add("arn:task/" + i);
            watcher.record(arns.get(i), task(arns.get(i)));
        }
        arns.forEach(a -> states.put(a, "PENDING"));
        Poll.until(Duration.ofSeconds(5), "a description", () -> {
            arns.forEach(watcher::status);
            return !calls.isEmpty();
        });
        assertThat(calls.get(0)).containsExactlyInAnyOrderElementsOf(arns);
        // everyone got the news from that one call
        for (String arn : arns) {
            assertThat(watcher.status(arn)).isEqualTo(new TaskStatus.Pending("Pulling the tool's image"));
        }
        assertThat(calls).hasSize(1);
    }

    @Test
    void shouldNotDescribeMoreOftenThanTheIntervalHoweverOftenAsked() {
        TaskWatcher watcher = watcher(Duration.ofSeconds(3), Duration.ofSeconds(5), 100);
        watcher.record("arn:task/a", task("arn:task/a"));
        for (int i = 0; i < 1000; i++) {
            watcher.status("arn:task/a");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldReportAVanishedTaskAndKeepTheLastStateWhileEcsFails() {
        TaskWatcher watcher = watcher(Duration.ofMillis(1), Duration.ofMillis(1), 100);
        assertThat(watcher.status("arn:task/gone")).isInstanceOf(TaskStatus.Exited.class);
        watcher.record("arn:task/b", task("arn:task/b"));
        failing = true;
        Poll.until(Duration.ofSeconds(5), "a failed description", () -> {
            watcher.status("arn:task/b");
            return calls.stream().anyMatch(c -> c.contains("arn:task/b"));
        });
        assertThat(watcher.status("arn:task/b")).isEqualTo(
                new TaskStatus.Pending(TaskStates.progressMessage("PROVISIONING")));
    }

    @Test
    void shouldDescribeOneTaskPerCallWhenBatchingIsOff() {
        TaskWatcher watcher = watcher(Duration.ofMillis(50), Duration.ofMillis(50), 1);
        watcher.record("arn:task/x", task("arn:task/x"));
        watcher.record("arn:task/y", task("arn:task/y"));
        Poll.until(Duration.ofSeconds(5), "descriptions", () -> {
            watcher.status("arn:task/x");
            watcher.status("arn:task/y");
            return calls.size() >= 2;
        });
        assertThat(calls).allSatisfy(c -> assertThat(c).hasSize(1));
    }
}
