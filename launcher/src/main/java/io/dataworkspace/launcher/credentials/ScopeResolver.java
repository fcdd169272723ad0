package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.tool.ToolKind;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a live instance may read and write right now: its user's home prefix plus the S3 prefixes of the datasets
 * {@link GrantedDatasets} returns for it (the visualisation's grants for a visualisation, the user's otherwise).
 * This is the one place that rule lives.
 * An instance that is not live has no scope.
 */
public final class ScopeResolver {
    private static final String LIVE_INSTANCE = """
            SELECT i.user_id, i.tool_slug, t.kind FROM instances i JOIN tools t ON t.slug = i.tool_slug
             WHERE i.id = ? AND i.state IN ('QUEUED', 'STARTING', 'RUNNING', 'STOPPING')
            """;

    private final Jdbc jdbc;
    private final GrantedDatasets granted;

    public ScopeResolver(Jdbc jdbc, GrantedDatasets granted) {
        this.jdbc = jdbc;
        this.granted = granted;
    }

    /** The instance's owner and kind, when it is live. */
    public record LiveInstance(UUID id, String userId, String toolSlug, ToolKind kind) {
        /** A visualisation's shared app runs with the visualisation's grants, whoever opened it. */
        public boolean isVisualisation() {
            return kind == ToolKind.VISUALISATION;
        }
    }

    public Optional<LiveInstance> live(UUID instanceId) {
        return jdbc.queryOne(LIVE_INSTANCE, rs -> new LiveInstance(instanceId, rs.getString(1), rs.getString(2),
                ToolKind.valueOf(rs.getString(3).toUpperCase())), instanceId);
    }

    /** The datasets this instance may read now. */
    public List<GrantedDataset> datasets(LiveInstance instance) {
        return instance.isVisualisation() ? granted.forVisualisation(instance.toolSlug())
                : granted.forUser(instance.userId());
    }

    /** The S3 scope of a live instance; empty when it is not live. */
    public Optional<S3Scope> s3Scope(UUID instanceId) {
        return live(instanceId).map(i -> s3Scope(i, datasets(i)));
    }

    /** The S3 scope of a live instance reading {@code datasets}: a visualisation has no home to write to. */
    public static S3Scope s3Scope(LiveInstance instance, List<GrantedDataset> datasets) {
        return new S3Scope(instance.userId(), instance.id(),
                datasets.stream().flatMap(d -> d.s3Prefixes().stream()).toList(), !instance.isVisualisation());
    }
}
