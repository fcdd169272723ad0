package io.dataworkspace.launcher.backend.fargate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

class TaskStatesTest {
    private static Task.Builder task(String lastStatus) {
        return Task.builder().taskArn("arn:aws:ecs:eu-west-2:123456789012:task/dw-tools/abc").lastStatus(lastStatus)
                .desiredStatus("RUNNING")
                .tags(Tag.builder().key(TaskStates.PORT_TAG).value("8888").build());
    }

    private static Attachment eni(String ip) {
        return Attachment.builder().type("ElasticNetworkInterface").status("ATTACHED").details(
                KeyValuePair.builder().name("subnetId").value("subnet-0aaa").build(),
                KeyValuePair.builder().name("privateIPv4Address").value(ip).build()).build();
    }

    @Test
    void shouldReportEachStartingStateAsProgress() {
        assertThat(TaskStates.statusOf(task("PROVISIONING").build(), "s3sync"))
                .isEqualTo(new TaskStatus.Pending(TaskStates.progressMessage("PROVISIONING")));
        assertThat(TaskStates.progressMessage("PENDING")).isEqualTo("Pulling the tool's image");
        assertThat(TaskStates.progressMessage("ACTIVATING")).isEqualTo("Starting the containers");
    }

    @Test
    void shouldBeRunningAtTheEnisPrivateAddressAndTheToolsPort() {
        assertThat(TaskStates.statusOf(task("RUNNING").attachments(eni("10.0.3.17")).build(), "s3sync"))
                .isEqualTo(new TaskStatus.Running(new Endpoint("10.0.3.17", 8888)));
        assertThat(TaskStates.statusOf(task("RUNNING").build(), "s3sync"))
                .isInstanceOf(TaskStatus.Pending.class);
    }

    @Test
    void shouldExplainAnImagePullFailure() {
        Task stopped = task("STOPPED").desiredStatus("STOPPED").stopCode("TaskFailedToStart")
                .stoppedReason("CannotPullContainerError: pull image manifest has been retried 5 time(s): "
                        + "failed to resolve ref docker.io/library/nope:latest: not found")
                .build();
        TaskStatus status = TaskStates.statusOf(stopped, "s3sync");
        assertThat(((TaskStatus.Exited) status).reason())
                .startsWith("the tool's container image could not be downloaded (CannotPullContainerError:")
                .contains("nope:latest");
    }

    @Test
    void shouldExplainExitCodesAndMemory() {
        Task exited = task("STOPPED").desiredStatus("STOPPED").stopCode("EssentialContainerExited")
                .stoppedReason("Essential container in task exited")
                .containers(Container.builder().name("s3sync").exitCode(0).build(),
                        Container.builder().name("tool").exitCode(3).build())
                .build();
        assertThat(TaskStates.stoppedReason(exited, "s3sync")).isEqualTo("the tool container exited with code 3");
        Task sync = task("STOPPED").desiredStatus("STOPPED").stoppedReason("Essential container in task exited")
                .containers(Container.builder().name("s3sync").exitCode(2).build()).build();
        assertThat(TaskStates.stoppedReason(sync, "s3sync"))
                .isEqualTo("the home folder sync (s3sync) exited with code 2");
        Task oom = task("STOPPED").desiredStatus("STOPPED").stoppedReason("Essential container in task exited")
                .containers(Container.builder().name("tool").exitCode(137)
                        .reason("OutOfMemoryError: Container killed due to memory usage").build()).build();
        assertThat(TaskStates.stoppedReason(oom, "s3sync")).contains("ran out of memory");
    }

    @Test
    void shouldExplainSpotReclaimsAndCapacity() {
        Task spot = task("STOPPED").desiredStatus("STOPPED").stopCode("SpotInterruption")
                .stoppedReason("Your Spot Task was interrupted.").build();
        assertThat(TaskStates.stoppedReason(spot, "s3sync")).contains("Spot");
        assertThat(TaskStates.runFailure(Failure.builder().reason("RESOURCE:CPU").build()))
                .startsWith("AWS has no Fargate capacity for this tool right now");
        assertThat(TaskStates.isCapacityShortage("Capacity is unavailable at this time. Please try again later or in "
                + "a different availability zone")).isTrue();
        assertThat(TaskStates.isCapacityShortage("Invalid parameter")).isFalse();
    }

    @Test
    void shouldTreatATaskBeingStoppedAsExited() {
        Task stopping = task("RUNNING").desiredStatus("STOPPED").stopCode("UserInitiated")
                .stoppedReason("Stopped by the Data Workspace launcher").attachments(eni("10.0.3.17")).build();
        assertThat(TaskStates.statusOf(stopping, "s3sync"))
                .isEqualTo(new TaskStatus.Exited("it was stopped (Stopped by the Data Workspace launcher)"));
    }
}
