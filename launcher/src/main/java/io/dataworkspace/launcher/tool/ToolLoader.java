package io.dataworkspace.launcher.tool;

import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts tool templates into the database, each marked with why it cannot be started here (unknown backend,
 * missing executable), so an unavailable tool is listed with its reason, not hidden.
 */
public final class ToolLoader {
    private static final Logger log = LoggerFactory.getLogger(ToolLoader.class);

    private final ToolRepository tools;
    private final Backends backends;

    public ToolLoader(ToolRepository tools, Backends backends) {
        this.tools = tools;
        this.backends = backends;
    }

    public List<ToolTemplate> load(List<ToolTemplate> templates) {
        List<ToolTemplate> checked = templates.stream().map(this::check).toList();
        for (ToolTemplate tool : checked) {
            tools.upsert(tool);
            tool.unavailableReason().ifPresentOrElse(
                    reason -> log.warn("tool {} is unavailable: {}", tool.slug(), reason),
                    () -> log.info("tool {} ({}) is available on the {} backend", tool.slug(), tool.name(),
                            tool.backend()));
        }
        return checked;
    }

    private ToolTemplate check(ToolTemplate tool) {
        Optional<ContainerBackend> backend = backends.find(tool.backend());
        Optional<String> reason = backend.isEmpty()
                ? Optional.of("the " + tool.backend() + " backend is not configured (configured: " + backends.names()
                        + ")")
                : backend.get().unavailableReason(tool);
        return tool.withUnavailableReason(reason);
    }
}
