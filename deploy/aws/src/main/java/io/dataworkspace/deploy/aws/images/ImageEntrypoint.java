package io.dataworkspace.deploy.aws.images;

import java.util.ArrayList;
import java.util.List;

/**
 * The entrypoint Jib gives the platform's images (the root pom's {@code images} profile): {@code java}, the JVM
 * flags, the class path file Jib writes, the main class. A task definition that must run something before the JVM
 * (dnsfilter writes its rules file first) replaces the entrypoint and ends with exactly this command; a test checks
 * that it matches the profile.
 */
public final class ImageEntrypoint {
    /** JVM flags of every image (the {@code jvmFlags} of the images profile). */
    public static final List<String> JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
            "-XX:MetaspaceSize=64m");
    /** The class path argument Jib's default entrypoint uses. */
    public static final String CLASS_PATH = "@/app/jib-classpath-file";

    private ImageEntrypoint() {
    }

    /**
     * @param mainClass the image's main class
     * @return the image's entrypoint
     */
    public static List<String> of(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(CLASS_PATH);
        command.add(mainClass);
        return List.copyOf(command);
    }

    /**
     * @param mainClass the image's main class
     * @return the entrypoint as one shell command line (its words contain no characters a shell would interpret)
     */
    public static String shell(String mainClass) {
        return String.join(" ", of(mainClass));
    }
}
