package io.dataworkspace.deploy.aws.config;

/**
 * A Fargate task size, checked against the CPU/memory combinations Fargate accepts, so a bad size fails at synth
 * time instead of half-way through a deployment.
 *
 * @param cpu       CPU units (1024 = 1 vCPU)
 * @param memoryMiB memory in MiB
 */
public record FargateSize(int cpu, int memoryMiB) {

    /** Validates the combination. */
    public FargateSize {
        int min;
        int max;
        int step;
        switch (cpu) {
            case 256 -> { min = 512; max = 2048; step = 512; }
            case 512 -> { min = 1024; max = 4096; step = 1024; }
            case 1024 -> { min = 2048; max = 8192; step = 1024; }
            case 2048 -> { min = 4096; max = 16384; step = 1024; }
            case 4096 -> { min = 8192; max = 30720; step = 1024; }
            case 8192 -> { min = 16384; max = 61440; step = 4096; }
            case 16384 -> { min = 32768; max = 122880; step = 8192; }
            default -> throw new ConfigException("cpu: " + cpu
                    + " (expected: one of 256, 512, 1024, 2048, 4096, 8192, 16384)");
        }
        if (memoryMiB < min || memoryMiB > max || (memoryMiB - min) % step != 0) {
            throw new ConfigException("memory for cpu " + cpu + ": " + memoryMiB + " MiB (expected: " + min + " to "
                    + max + " in steps of " + step + ")");
        }
    }

    static FargateSize read(Settings settings, String cpuKey, String memoryKey, int defaultCpu, int defaultMemory) {
        int cpu = settings.integer(cpuKey, defaultCpu, 256, 16384);
        int memory = settings.integer(memoryKey, defaultMemory, 512, 122880);
        try {
            return new FargateSize(cpu, memory);
        } catch (ConfigException e) {
            throw new ConfigException(cpuKey + "/" + memoryKey + ": " + e.getMessage());
        }
    }
}
