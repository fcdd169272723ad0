package io.dataworkspace.launcher.tool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A size an administrator offers for a tool, which a user may choose when starting it.
 *
 * @param name          what users see and send ({@code size} of a start request), e.g. {@code large}
 * @param cpuMillicores CPU in thousandths of a vCPU, &gt; 0
 * @param memoryMb      memory in MiB, &gt; 0
 */
public record ToolSize(String name, int cpuMillicores, int memoryMb) {
    /** The most sizes one tool may offer. */
    public static final int MAX_PER_TOOL = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}");

    public ToolSize {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("size name: \"" + name + "\" (expected: 1 to 40 letters, digits, "
                    + "spaces, '.', '_' or '-', starting with a letter or digit)");
        }
        if (cpuMillicores <= 0 || cpuMillicores > 1_000_000) {
            throw new IllegalArgumentException("size " + name + ": cpuMillicores " + cpuMillicores
                    + " (expected: 1 to 1000000)");
        }
        if (memoryMb <= 0 || memoryMb > 10_000_000) {
            throw new IllegalArgumentException("size " + name + ": memoryMb " + memoryMb
                    + " (expected: 1 to 10000000)");
        }
    }
}
