package io.dataworkspace.launcher.backend;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured backends, by name. */
public final class Backends {
    private final Map<String, ContainerBackend> byName = new LinkedHashMap<>();

    public Backends(List<ContainerBackend> backends) {
        for (ContainerBackend backend : backends) {
            if (byName.put(backend.name(), backend) != null) {
                throw new IllegalArgumentException("two backends are named " + backend.name());
            }
        }
    }

    public Optional<ContainerBackend> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<ContainerBackend> all() {
        return byName.values();
    }

    public String names() {
        return String.join(", ", byName.keySet());
    }
}
