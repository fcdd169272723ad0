package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads ECS task descriptions: the state for the spawn page, the task's private address, and why it stopped, in
 * words a user understands.
 */
final class TaskStates {
    static final String INSTANCE_TAG = "dataworkspace:instance";
    static final String OWNER_TAG = "dataworkspace:owner";
    static final String TOOL_TAG = "dataworkspace:tool";
    static final String PORT_TAG = "dataworkspace:port";
    private static final int MAX_DETAIL = 400;

    private TaskStates() {
    }

    /** What the launcher should make of the task now. */
    static TaskStatus statusOf(Task task, String s3syncContainer) {
        String last = String.valueOf(task.lastStatus());
        boolean stopping = "STOPPED".equals(task.desiredStatus()) || switch (last) {
            case "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED", "DELETED" -> true;
            default -> false;
        };
        if (stopping) {
            return new TaskStatus.Exited(stoppedReason(task, s3syncContainer));
        }
        if ("RUNNING".equals(last)) {
            Optional<String> ip = privateIp(task);
            Optional<Integer> port = tag(task, PORT_TAG).flatMap(TaskStates::port);
            if (ip.isPresent() && port.isPresent()) {
                return new TaskStatus.Running(new Endpoint(ip.get(), port.get()));
            }
            if (port.isEmpty()) {
                return new TaskStatus.Exited("the task has no " + PORT_TAG + " tag: it was not started by this "
                        + "launcher");
            }
            return new TaskStatus.Pending("Waiting for the task's network address");
        }
        return new TaskStatus.Pending(progressMessage(last));
    }

    /** A spawn-page message for each of ECS's task states before RUNNING. */
    static String progressMessage(String lastStatus) {
        return switch (lastStatus) {
            case "PROVISIONING" -> "Provisioning: AWS is finding capacity and attaching the network interface";
            case "PENDING" -> "Pulling the tool's image";
            case "ACTIVATING" -> "Starting the containers";
            default -> "Waiting for AWS (" + lastStatus.toLowerCase(Locale.ROOT) + ")";
        };
    }

    /** The private IPv4 address of the task's elastic network interface (awsvpc). */
    static Optional<String> privateIp(Task task) {
        for (Attachment attachment : task.attachments()) {
            if (!"ElasticNetworkInterface".equals(attachment.type())) {
                continue;
            }
            for (KeyValuePair detail : attachment.details()) {
                if ("privateIPv4Address".equals(detail.name()) && detail.value() != null && !detail.value().isBlank()) {
                    return Optional.of(detail.value());
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> tag(Task task, String key) {
        return task.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    /** Why a stopped (or stopping) task stopped, for the user: image pull failures, capacity, exit codes, … */
    static String stoppedReason(Task task, String s3syncContainer) {
        String reason = task.stoppedReason() == null ? "" : task.stoppedReason();
        String code = task.stopCodeAsString() == null ? "" : task.stopCodeAsString();
        Optional<String> pull = firstMention(task, "CannotPullContainerError");
        if (pull.isPresent()) {
            return "the tool's container image could not be downloaded (" + clip(pull.get()) + ")";
        }
        if ("SpotInterruption".equals(code)) {
            return "AWS reclaimed the spare (Spot) capacity the tool ran on; please start it again";
        }
        if (isCapacityShortage(reason)) {
            return "AWS had no capacity for the tool right now; please try again in a few minutes (" + clip(reason)
                    + ")";
        }
        Optional<String> init = firstMention(task, "ResourceInitializationError");
        if (init.isPresent()) {
            return "the task could not be prepared: AWS could not reach what it needs to start it, such as its "
                    + "secrets or log group (" + clip(init.get()) + ")";
        }
        if ("UserInitiated".equals(code) || reason.startsWith("Task stopped by user")) {
            return "it was stopped" + (reason.isBlank() ? "" : " (" + clip(reason) + ")");
        }
        for (Container container : task.containers()) {
            Optional<String> exit = containerExit(container, s3syncContainer);
            if (exit.isPresent()) {
                return exit.get();
            }
        }
        if (!reason.isBlank()) {
            return clip(reason);
        }
        return "the task stopped (" + String.valueOf(task.lastStatus()).toLowerCase(Locale.ROOT) + ")";
    }

    private static Optional<String> containerExit(Container container, String s3syncContainer) {
        String who = s3syncContainer.equals(container.name())
                ? "the home folder sync (" + container.name() + ")"
                : "the " + container.name() + " container";
        String reason = container.reason() == null ? "" : container.reason();
        if (reason.startsWith("OutOfMemoryError")) {
            return Optional.of(who + " ran out of memory and was killed; choose a larger size or use less memory");
        }
        Integer exit = container.exitCode();
        if (exit != null && exit != 0) {
            String hint = exit == 137 ? " (killed: out of memory, or it did not stop in time)" : "";
            return Optional.of(who + " exited with code " + exit + hint + (reason.isBlank() ? "" : ": " + clip(reason)));
        }
        if (!reason.isBlank()) {
            return Optional.of(who + " stopped: " + clip(reason));
        }
        return Optional.empty();
    }

    /** A RunTask failure (the task was not created) in words. */
    static String runFailure(Failure failure) {
        String reason = failure.reason() == null ? "" : failure.reason();
        String detail = failure.detail() == null ? "" : " " + failure.detail();
        if (isCapacityShortage(reason)) {
            return "AWS has no Fargate capacity for this tool right now; please try again in a few minutes ("
                    + clip(reason + detail) + ")";
        }
        if ("MISSING".equals(reason)) {
            return "ECS does not know the tool's task definition or cluster (MISSING" + detail
                    + "); an administrator must check FARGATE_TASK_DEFINITIONS and FARGATE_CLUSTER";
        }
        return "ECS could not start the task: " + clip(reason + detail);
    }

    /** Whether a failure reason or error message means "no capacity now" (worth retrying). */
    static boolean isCapacityShortage(String reason) {
        if (reason == null) {
            return false;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        return reason.startsWith("RESOURCE:") || lower.contains("capacity is unavailable")
                || lower.contains("insufficient capacity") || lower.contains("no capacity");
    }

    private static Optional<String> firstMention(Task task, String marker) {
        if (task.stoppedReason() != null && task.stoppedReason().contains(marker)) {
            return Optional.of(task.stoppedReason().substring(task.stoppedReason().indexOf(marker)));
        }
        return task.containers().stream()
                .map(Container::reason)
                .filter(r -> r != null && r.contains(marker))
                .map(r -> r.substring(r.indexOf(marker)))
                .findFirst();
    }

    private static Optional<Integer> port(String raw) {
        try {
            int port = Integer.parseInt(raw);
            return port > 0 && port < 65536 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
