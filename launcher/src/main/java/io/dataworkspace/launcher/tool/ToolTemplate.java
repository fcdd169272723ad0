package io.dataworkspace.launcher.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to run a tool: what to start on each backend, where it answers, and the limits the culler enforces.
 *
 * @param backend            the backend used to start it ({@code local}, {@code fargate})
 * @param spec               per-backend start instructions, keyed by backend name
 * @param port               the port the tool listens on inside its container (the local backend picks a free one)
 * @param unavailableReason  why it cannot be started here (e.g. its executable is missing); empty when it can
 * @param sizes              sizes users may choose when starting it (unique names, at most
 *                           {@value ToolSize#MAX_PER_TOOL}); empty: only the default {@code cpuMillicores}/{@code memoryMb}
 */
public record ToolTemplate(
        String slug,
        String name,
        String description,
        ToolKind kind,
        String backend,
        ObjectNode spec,
        int port,
        String healthPath,
        int cpuMillicores,
        int memoryMb,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration startupTimeout,
        boolean enabled,
        Optional<String> unavailableReason,
        List<ToolSize> sizes) {

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]{0,30}");

    public ToolTemplate {
        Objects.requireNonNull(slug, "slug");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("slug: \"" + slug
                    + "\" (expected: a lower-case letter then up to 30 lower-case letters or digits)");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(spec, "spec");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (!healthPath.startsWith("/")) {
            throw new IllegalArgumentException("healthPath: \"" + healthPath + "\" (expected: a path starting with /)");
        }
        if (cpuMillicores <= 0 || memoryMb <= 0) {
            throw new IllegalArgumentException("cpu and memory must be > 0");
        }
        for (Duration d : new Duration[] {idleTimeout, maxLifetime, startupTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be > 0, got " + d);
            }
        }
        description = description == null ? "" : description;
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        if (sizes.size() > ToolSize.MAX_PER_TOOL) {
            throw new IllegalArgumentException("sizes: " + sizes.size() + " sizes (expected: at most "
                    + ToolSize.MAX_PER_TOOL + ")");
        }
        Set<String> names = new HashSet<>();
        for (ToolSize size : sizes) {
            if (!names.add(size.name())) {
                throw new IllegalArgumentException("sizes: duplicate name \"" + size.name() + "\"");
            }
        }
    }

    /** A template offering no sizes but its default. */
    public ToolTemplate(String slug, String name, String description, ToolKind kind, String backend, ObjectNode spec,
            int port, String healthPath, int cpuMillicores, int memoryMb, Duration idleTimeout, Duration maxLifetime,
            Duration startupTimeout, boolean enabled, Optional<String> unavailableReason) {
        this(slug, name, description, kind, backend, spec, port, healthPath, cpuMillicores, memoryMb, idleTimeout,
                maxLifetime, startupTimeout, enabled, unavailableReason, List.of());
    }

    /** The offered size with this name, if any. */
    public Optional<ToolSize> size(String sizeName) {
        return sizes.stream().filter(s -> s.name().equals(sizeName)).findFirst();
    }

    /** This template run by another backend (the BACKEND override). */
    public ToolTemplate withBackend(String otherBackend) {
        return new ToolTemplate(slug, name, description, kind, otherBackend, spec, port, healthPath, cpuMillicores,
                memoryMb, idleTimeout, maxLifetime, startupTimeout, enabled, unavailableReason, sizes);
    }

    /** This template as started with the given resources (the chosen size) instead of its default ones. */
    public ToolTemplate withResources(int cpu, int memory) {
        return new ToolTemplate(slug, name, description, kind, backend, spec, port, healthPath, cpu, memory,
                idleTimeout, maxLifetime, startupTimeout, enabled, unavailableReason, sizes);
    }

    /** The start instructions for one backend, or a missing node. */
    public JsonNode specFor(String backendName) {
        JsonNode node = spec.get(backendName);
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Enabled by an admin and startable on this deployment. */
    public boolean startable() {
        return enabled && unavailableReason.isEmpty();
    }

    public ToolTemplate withUnavailableReason(Optional<String> reason) {
        return new ToolTemplate(slug, name, description, kind, backend, spec, port, healthPath, cpuMillicores,
                memoryMb, idleTimeout, maxLifetime, startupTimeout, enabled, reason, sizes);
    }
}
