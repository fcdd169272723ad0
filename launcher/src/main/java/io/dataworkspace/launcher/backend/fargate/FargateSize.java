package io.dataworkspace.launcher.backend.fargate;

import java.util.List;

/**
 * A CPU/memory pair Fargate accepts: a tool template's size (millicores, MiB) rounded up to the smallest valid
 * combination, so a template asking for 1.5 vCPU and 3000 MiB runs with 2 vCPU and 4096 MiB rather than failing.
 *
 * @param cpuUnits  ECS CPU units (1024 = one vCPU)
 * @param memoryMib memory in MiB
 */
record FargateSize(int cpuUnits, int memoryMib) {
    /** Each CPU size with the memory range and step Fargate allows for it. */
    private record Option(int cpu, int minMemory, int maxMemory, int step) {
        int smallestMemoryAtLeast(int wanted) {
            if (wanted > maxMemory) {
                return -1;
            }
            if (wanted <= minMemory) {
                return minMemory;
            }
            return minMemory + (int) Math.ceil((wanted - minMemory) / (double) step) * step;
        }
    }

    private static final List<Option> OPTIONS = List.of(
            new Option(256, 512, 2048, 512),
            new Option(512, 1024, 4096, 1024),
            new Option(1024, 2048, 8192, 1024),
            new Option(2048, 4096, 16384, 1024),
            new Option(4096, 8192, 30720, 1024),
            new Option(8192, 16384, 61440, 4096),
            new Option(16384, 32768, 122880, 8192));

    /**
     * @throws IllegalArgumentException when the size exceeds Fargate's largest task (16 vCPU, 120 GiB)
     */
    static FargateSize of(int millicores, int memoryMib) {
        int cpuUnits = (int) Math.ceil(millicores * 1024 / 1000.0);
        for (Option option : OPTIONS) {
            if (option.cpu() < cpuUnits) {
                continue;
            }
            int memory = option.smallestMemoryAtLeast(memoryMib);
            if (memory > 0) {
                return new FargateSize(option.cpu(), memory);
            }
        }
        throw new IllegalArgumentException("cpu " + millicores / 1000.0 + " vCPU and memory " + memoryMib
                + " MiB (expected: at most 16 vCPU and 122880 MiB, Fargate's largest task)");
    }
}
