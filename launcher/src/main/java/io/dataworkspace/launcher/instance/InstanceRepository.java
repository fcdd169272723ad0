package io.dataworkspace.launcher.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.tool.ToolSize;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Instances in PostgreSQL. Every change of phase is one guarded {@code UPDATE … WHERE state = ?}, so two workers can
 * never both act on one instance, and every change is published with NOTIFY in the same transaction.
 */
public final class InstanceRepository {
    /** The NOTIFY channel instance changes are published on. */
    public static final String CHANNEL = "dataworkspace_instances";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, host, user_id, tool_slug, state, backend, task_id, endpoint_host, "
            + "endpoint_port, failure_reason, stop_reason, created_at, updated_at, started_at, running_at, ended_at, "
            + "last_activity_at";
    private static final String LIVE = "('QUEUED', 'STARTING', 'RUNNING', 'STOPPING')";

    private final Jdbc jdbc;
    private final String leaseInterval;

    public InstanceRepository(Jdbc jdbc, Duration leaseDuration) {
        this.jdbc = jdbc;
        this.leaseInterval = leaseDuration.toMillis() + " milliseconds";
    }

    /** The outcome of a start request: the live instance for the host, and whether this request created it. */
    public record Enqueued(Instance instance, boolean created) {
    }

    /**
     * Queues a start for the host unless a live instance already holds it; concurrent callers for one host all get
     * the same single instance.
     */
    public Enqueued enqueue(String host, String userId, String toolSlug, String backend) {
        return enqueue(host, userId, toolSlug, backend, Optional.empty());
    }

    /**
     * As {@link #enqueue(String, String, String, String)}, recording the size chosen for a created instance (empty:
     * the template's default); an existing live instance keeps its own size.
     */
    public Enqueued enqueue(String host, String userId, String toolSlug, String backend, Optional<ToolSize> size) {
        Integer cpu = size.map(ToolSize::cpuMillicores).orElse(null);
        Integer memory = size.map(ToolSize::memoryMb).orElse(null);
        for (int attempt = 0; attempt < 5; attempt++) {
            UUID id = UUID.randomUUID();
            Optional<Instance> created = jdbc.inTransaction(c -> {
                List<Instance> rows = Jdbc.query(c, "INSERT INTO instances (id, host, user_id, tool_slug, state, "
                        + "backend, cpu_millicores, memory_mb) "
                        + "VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, ?) ON CONFLICT (host) WHERE state IN " + LIVE
                        + " DO NOTHING RETURNING " + COLUMNS, InstanceRepository::map, id, host, userId, toolSlug,
                        backend, cpu, memory);
                if (rows.isEmpty()) {
                    return Optional.empty();
                }
                Instance instance = rows.get(0);
                insertProgress(c, instance, "Queued");
                return Optional.of(instance);
            });
            if (created.isPresent()) {
                return new Enqueued(created.get(), true);
            }
            Optional<Instance> existing = findLive(host);
            if (existing.isPresent()) {
                return new Enqueued(existing.get(), false);
            }
            // the live instance ended between our insert and our read: try again
        }
        throw new IllegalStateException("could not queue a start for " + host + ": its instance kept changing");
    }

    /** CPU and memory chosen for an instance when it was queued. */
    public record Resources(int cpuMillicores, int memoryMb) {
    }

    /** The size chosen for the instance; empty when it runs with its template's default (or does not exist). */
    public Optional<Resources> chosenResources(UUID instanceId) {
        return jdbc.queryOne("SELECT cpu_millicores, memory_mb FROM instances WHERE id = ? "
                + "AND cpu_millicores IS NOT NULL AND memory_mb IS NOT NULL",
                rs -> new Resources(rs.getInt(1), rs.getInt(2)), instanceId);
    }

    /**
     * Takes the oldest queued instance, skipping those other workers are taking, and moves it to STARTING under a
     * lease owned by {@code owner}.
     */
    public Optional<Instance> claimNext(String owner) {
        return jdbc.inTransaction(c -> {
            List<Instance> rows = Jdbc.query(c, "UPDATE instances SET state = 'STARTING', lease_owner = ?, "
                    + "lease_expires_at = now() + ?::interval, started_at = now(), updated_at = now() "
                    + "WHERE id = (SELECT id FROM instances WHERE state = 'QUEUED' ORDER BY created_at "
                    + "FOR UPDATE SKIP LOCKED LIMIT 1) AND state = 'QUEUED' RETURNING " + COLUMNS,
                    InstanceRepository::map, owner, leaseInterval);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            notifyChange(c, rows.get(0), null);
            return Optional.of(rows.get(0));
        });
    }

    /**
     * Moves an instance from {@code from} to {@code to} if, and only if, it is still in {@code from}.
     *
     * @param leaseOwner when not null, the caller takes a lease on the instance (used when entering STOPPING);
     *                   when null, STOPPING keeps the current lease and other phases clear it
     * @return the updated instance, or empty when the instance was no longer in {@code from}
     * @throws IllegalTransitionException when the lifecycle does not allow {@code from → to}
     */
    public Optional<Instance> transition(UUID id, Phase from, InstanceState to, String leaseOwner) {
        Phase target = to.phase();
        if (!from.canMoveTo(target)) {
            throw new IllegalTransitionException(from, target);
        }
        Endpoint endpoint = to instanceof InstanceState.Running running ? running.endpoint() : null;
        String failure = to instanceof InstanceState.Failed failed ? failed.reason() : null;
        String stopReason = to instanceof InstanceState.Stopping stopping ? stopping.reason() : null;
        boolean ended = !target.isLive();
        // a starting worker keeps its lease while asked to stop: it holds the task and will stop it itself
        boolean keepLease = target == Phase.STOPPING;
        return jdbc.inTransaction(c -> {
            List<Instance> rows = Jdbc.query(c, "UPDATE instances SET state = ?, "
                    + "endpoint_host = COALESCE(?, endpoint_host), endpoint_port = COALESCE(?, endpoint_port), "
                    + "failure_reason = COALESCE(?, failure_reason), stop_reason = COALESCE(?, stop_reason), "
                    + "running_at = CASE WHEN ? THEN now() ELSE running_at END, "
                    + "ended_at = CASE WHEN ? THEN now() ELSE ended_at END, "
                    + "lease_owner = CASE WHEN ?::text IS NOT NULL THEN ? WHEN ? THEN lease_owner END, "
                    + "lease_expires_at = CASE WHEN ?::text IS NOT NULL THEN now() + ?::interval "
                    + "WHEN ? THEN lease_expires_at END, updated_at = now() "
                    + "WHERE id = ? AND state = ? RETURNING " + COLUMNS, InstanceRepository::map,
                    target.name(), endpoint == null ? null : endpoint.host(),
                    endpoint == null ? null : endpoint.port(), failure, stopReason, target == Phase.RUNNING, ended,
                    leaseOwner, leaseOwner, keepLease, leaseOwner, leaseInterval, keepLease, id, from.name());
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Instance updated = rows.get(0);
            notifyChange(c, updated, null);
            return Optional.of(updated);
        });
    }

    /** Extends the caller's lease; false when the caller no longer holds it. */
    public boolean renewLease(UUID id, String owner) {
        return jdbc.update("UPDATE instances SET lease_expires_at = now() + ?::interval "
                + "WHERE id = ? AND lease_owner = ? AND state IN ('STARTING', 'STOPPING')", leaseInterval, id,
                owner) == 1;
    }

    /** Takes over an expired (or absent) lease on an instance in the given phase; false when someone else holds it. */
    public boolean takeOverLease(UUID id, Phase phase, String owner) {
        return jdbc.update("UPDATE instances SET lease_owner = ?, lease_expires_at = now() + ?::interval "
                + "WHERE id = ? AND state = ? AND (lease_expires_at IS NULL OR lease_expires_at < now())", owner,
                leaseInterval, id, phase.name()) == 1;
    }

    /** Records the backend's id for the started process or task. */
    public void setTaskId(UUID id, String taskId) {
        jdbc.update("UPDATE instances SET task_id = ?, updated_at = now() WHERE id = ?", taskId, id);
    }

    /** Stores a progress message and publishes it to every replica. */
    public void addProgress(Instance instance, String message) {
        jdbc.inTransaction(c -> {
            insertProgress(c, instance, message);
            return null;
        });
    }

    public List<Progress> progress(UUID id) {
        return jdbc.query("SELECT id, at, message FROM instance_progress WHERE instance_id = ? ORDER BY id",
                rs -> new Progress(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("message")), id);
    }

    public Optional<Instance> find(UUID id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM instances WHERE id = ?", InstanceRepository::map, id);
    }

    public Optional<Instance> findLive(String host) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM instances WHERE host = ? AND state IN " + LIVE,
                InstanceRepository::map, host);
    }

    /** The most recent instance of a host, live or ended. */
    public Optional<Instance> latest(String host) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM instances WHERE host = ? ORDER BY created_at DESC LIMIT 1",
                InstanceRepository::map, host);
    }

    /** Every live instance, oldest first. */
    public List<Instance> live() {
        return jdbc.query("SELECT " + COLUMNS + " FROM instances WHERE state IN " + LIVE + " ORDER BY created_at",
                InstanceRepository::map);
    }

    /** Live instances in STARTING or STOPPING whose worker's lease ran out: the worker is presumed dead. */
    public List<Instance> withExpiredLease() {
        return jdbc.query("SELECT " + COLUMNS + " FROM instances WHERE state IN ('STARTING', 'STOPPING') "
                + "AND (lease_expires_at IS NULL OR lease_expires_at < now()) ORDER BY created_at",
                InstanceRepository::map);
    }

    /**
     * Lists instances, newest first.
     *
     * @param userId   only this user's, or null for all
     * @param liveOnly only live ones
     */
    public List<Instance> list(String userId, boolean liveOnly, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM instances WHERE (?::text IS NULL OR user_id = ?) "
                + (liveOnly ? "AND state IN " + LIVE : "") + " ORDER BY created_at DESC LIMIT ?",
                InstanceRepository::map, userId, userId, limit);
    }

    /** Live instance counts per tool and phase, for the instances gauge. */
    public List<PhaseCount> countLiveByToolAndPhase() {
        return jdbc.query("SELECT tool_slug, state, count(*) AS n FROM instances WHERE state IN " + LIVE
                + " GROUP BY tool_slug, state", rs -> new PhaseCount(rs.getString("tool_slug"),
                        Phase.valueOf(rs.getString("state")), rs.getLong("n")));
    }

    /** A number of live instances of one tool in one phase. */
    public record PhaseCount(String toolSlug, Phase phase, long count) {
    }

    /** Moves last activity forward (never back) for many instances in one statement. */
    public void recordActivity(UUID[] ids, Instant[] at) {
        Timestamp[] stamps = new Timestamp[at.length];
        for (int i = 0; i < at.length; i++) {
            stamps[i] = Timestamp.from(at[i]);
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE instances i SET last_activity_at = "
                    + "GREATEST(COALESCE(i.last_activity_at, '-infinity'::timestamptz), v.at) "
                    + "FROM unnest(?::uuid[], ?::timestamptz[]) AS v(id, at) WHERE i.id = v.id")) {
                ps.setArray(1, c.createArrayOf("uuid", ids));
                ps.setArray(2, c.createArrayOf("timestamptz", stamps));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks that the user was warned of the coming maximum-lifetime stop; true only for the first caller. */
    public boolean markLifetimeWarned(UUID id) {
        return jdbc.update("UPDATE instances SET lifetime_warned = true WHERE id = ? AND NOT lifetime_warned", id) == 1;
    }

    private static void insertProgress(Connection c, Instance instance, String message) throws SQLException {
        Jdbc.update(c, "INSERT INTO instance_progress (instance_id, message) VALUES (?, ?)", instance.id(), message);
        notifyChange(c, instance, message);
    }

    private static void notifyChange(Connection c, Instance instance, String message) throws SQLException {
        ObjectNode payload = JSON.createObjectNode()
                .put("id", instance.id().toString())
                .put("host", instance.host())
                .put("phase", instance.phase().name());
        instance.endpoint().ifPresent(e -> payload.put("endpointHost", e.host()).put("endpointPort", e.port()));
        if (message != null) {
            payload.put("message", message.length() > 2000 ? message.substring(0, 2000) : message);
        }
        Jdbc.query(c, "SELECT pg_notify(?, ?)", rs -> null, CHANNEL, payload.toString());
    }

    static Instance map(ResultSet rs) throws SQLException {
        Phase phase = Phase.valueOf(rs.getString("state"));
        InstanceState state = switch (phase) {
            case QUEUED -> new InstanceState.Queued();
            case STARTING -> new InstanceState.Starting();
            case RUNNING -> new InstanceState.Running(new Endpoint(rs.getString("endpoint_host"),
                    rs.getInt("endpoint_port")));
            case STOPPING -> new InstanceState.Stopping(rs.getString("stop_reason"));
            case STOPPED -> new InstanceState.Stopped();
            case FAILED -> new InstanceState.Failed(rs.getString("failure_reason"));
        };
        return new Instance((UUID) rs.getObject("id"), rs.getString("host"), rs.getString("user_id"),
                rs.getString("tool_slug"), state, rs.getString("backend"), Optional.ofNullable(rs.getString("task_id")),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "running_at"), Jdbc.instant(rs, "ended_at"), Jdbc.instant(rs, "last_activity_at"));
    }
}
