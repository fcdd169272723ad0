package io.dataworkspace.deploy.aws.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One tool users can start (JupyterLab, RStudio...): its image and size. Each becomes an ECS task definition
 * (tool container + s3sync + metrics sidecars; a visualisation has no s3sync) in the tools cluster.
 *
 * @param name                name used in hosts and the task definition family, e.g. {@code jupyterlab}
 * @param kind                tool (home folder synced by s3sync) or visualisation (no home folder, no s3sync);
 *                            must match the launcher template's {@code kind}
 * @param image               the tool's image (the proxy expects HTTP on {@code port}, base URL /, no own auth)
 * @param size                Fargate task size (shared by the tool and its sidecars)
 * @param port                the tool's HTTP port
 * @param homePath            where the user's home folder (synced to S3 by s3sync) is mounted in the tool
 * @param command             the tool container's command, empty for the image default
 * @param ephemeralStorageGiB task ephemeral storage, 21 to 200 GiB
 */
public record ToolTemplate(String name, ToolKind kind, ImageSource image, FargateSize size, int port, String homePath,
                           List<String> command, int ephemeralStorageGiB) {

    /** Default tool: Jupyter's scipy image through the quay.io pull-through cache, no token (the proxy does SSO). */
    static final String DEFAULT_TOOLS = "jupyterlab";

    /** s3sync's health port, the metrics sidecar's port and its credentials relay's (task-wide in awsvpc). */
    private static final java.util.Set<Integer> SIDECAR_PORTS = java.util.Set.of(8082, 9100, 9780);

    private static final Map<String, String> DEFAULT_IMAGES = Map.of(
            "jupyterlab", "quay/jupyter/scipy-notebook:latest");
    private static final Map<String, String> DEFAULT_COMMANDS = Map.of(
            "jupyterlab", "start-notebook.py --ServerApp.ip=0.0.0.0 --ServerApp.port=8888 --ServerApp.token= "
                    + "--ServerApp.password= --ServerApp.base_url=/ --ServerApp.allow_origin=*");
    private static final Map<String, String> DEFAULT_HOMES = Map.of("jupyterlab", "/home/jovyan/work");

    /** Validates the template. */
    public ToolTemplate {
        if (!name.matches("[a-z][a-z0-9]{0,19}")) {
            throw new ConfigException("tools: " + name + " (expected: lower-case letters and digits, at most 20)");
        }
        Settings.checkRange("tool." + name + ".port", port, 1024, 65535);
        if (SIDECAR_PORTS.contains(port)) {
            throw new ConfigException("tool." + name + ".port: " + port
                    + " (expected: not 8082, 9100 or 9780, used by sidecars)");
        }
        if (!homePath.startsWith("/")) {
            throw new ConfigException("tool." + name + ".homePath: " + homePath + " (expected: an absolute path)");
        }
        Settings.checkRange("tool." + name + ".ephemeralStorageGiB", ephemeralStorageGiB, 21, 200);
        command = List.copyOf(command);
    }

    static ToolTemplate read(Settings settings, String name) {
        String prefix = "tool." + name + ".";
        String image = settings.optional(prefix + "image").orElse(DEFAULT_IMAGES.get(name));
        if (image == null) {
            throw new ConfigException(prefix + "image is required for tool " + name
                    + " (only jupyterlab has a default image)");
        }
        String command = settings.string(prefix + "command", DEFAULT_COMMANDS.getOrDefault(name, ""));
        return new ToolTemplate(name,
                ToolKind.parse(prefix + "kind", settings.string(prefix + "kind", "tool")),
                ImageSource.parse(prefix + "image", image),
                FargateSize.read(settings, prefix + "cpu", prefix + "memoryMiB", 1024, 4096),
                settings.integer(prefix + "port", 8888, 1, 65535),
                settings.string(prefix + "homePath", DEFAULT_HOMES.getOrDefault(name, "/home/workspace")),
                command.isBlank() ? List.of() : Arrays.asList(command.trim().split("\\s+")),
                settings.integer(prefix + "ephemeralStorageGiB", 30, 1, 1000));
    }

    /** @return whether this template's tasks have a home folder and an s3sync sidecar */
    public boolean hasHomeFolder() {
        return kind == ToolKind.TOOL;
    }

    /** @return the ECS task definition family for this tool, e.g. {@code dataworkspace-tool-jupyterlab} */
    public String family(String appName) {
        return appName + "-tool-" + name;
    }
}
