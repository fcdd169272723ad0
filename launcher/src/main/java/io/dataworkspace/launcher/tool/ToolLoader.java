package io.dataworkspace.launcher.tool;

import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /** Writes templates an administrator created or edited (through the API), replacing what was there. */
    public List<ToolTemplate> load(List<ToolTemplate> templates) {
        List<ToolTemplate> checked = templates.stream().map(this::check).toList();
        for (ToolTemplate tool : checked) {
            tools.upsert(tool);
            logAvailability(tool);
        }
        return checked;
    }

    /**
     * Applies the templates file (or the built-in list) at start: a template is written when it is new or its entry
     * changed since it was last applied; otherwise what is in the database stays — including an administrator's edits
     * — and only its availability is refreshed.
     */
    public void loadFile(List<ToolTemplate> templates) {
        for (ToolTemplate template : templates) {
            ToolTemplate tool = check(template);
            if (!tools.applyFromFile(tool, sourceHash(template))) {
                log.info("tool {}: its templates-file entry is unchanged; the database's version stays", tool.slug());
            }
            logAvailability(tool);
        }
    }

    /** SHA-256 (hex) of a template as the file describes it. */
    static String sourceHash(ToolTemplate template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(template.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void logAvailability(ToolTemplate tool) {
        tool.unavailableReason().ifPresentOrElse(
                reason -> log.warn("tool {} is unavailable: {}", tool.slug(), reason),
                () -> log.info("tool {} ({}) is available on the {} backend", tool.slug(), tool.name(),
                        tool.backend()));
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
