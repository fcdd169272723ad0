package io.dataworkspace.launcher.backend;

import io.dataworkspace.launcher.tool.ToolTemplate;
import java.util.Map;
import java.util.UUID;

/**
 * What to start: the tool, for whom, with how much CPU and memory, and the environment every tool gets (user id,
 * email, name, base URL, …). Backends add what only they know (HOME, PORT).
 *
 * <p>{@code tool()} is the template as started: its {@code cpuMillicores}/{@code memoryMb} are those of this spec
 * (the size the user chose, or the template's default), so backends that size tasks from the template get the
 * chosen size. The local backend ignores sizes.
 *
 * @param cpuMillicores CPU for this start, in thousandths of a vCPU
 * @param memoryMb      memory for this start, in MiB
 */
public record TaskSpec(UUID instanceId, ToolTemplate tool, String userId, Map<String, String> environment,
        int cpuMillicores, int memoryMb) {
    public TaskSpec {
        environment = Map.copyOf(environment);
        if (cpuMillicores <= 0 || memoryMb <= 0) {
            throw new IllegalArgumentException("cpu and memory must be > 0, got " + cpuMillicores + " millicores, "
                    + memoryMb + " MiB");
        }
        if (tool.cpuMillicores() != cpuMillicores || tool.memoryMb() != memoryMb) {
            tool = tool.withResources(cpuMillicores, memoryMb);
        }
    }

    /** A start with the template's default size. */
    public TaskSpec(UUID instanceId, ToolTemplate tool, String userId, Map<String, String> environment) {
        this(instanceId, tool, userId, environment, tool.cpuMillicores(), tool.memoryMb());
    }
}
