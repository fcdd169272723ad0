package io.dataworkspace.launcher.spawn;

import io.dataworkspace.launcher.access.ToolAccess;
import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.instance.HostNames;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceRepository.Enqueued;
import io.dataworkspace.launcher.spawn.SpawnRefusedException.Reason;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolSize;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import java.util.Map;
import java.util.Optional;

/** Start and stop requests, checked and audited: what the REST API and the proxy call. */
public final class SpawnService {
    private final InstanceRepository instances;
    private final ToolRepository tools;
    private final UserRepository users;
    private final InstanceStopper stopper;
    private final AuditLog audit;
    private final Runnable wakeWorkers;

    public SpawnService(InstanceRepository instances, ToolRepository tools, UserRepository users,
            InstanceStopper stopper, AuditLog audit, Runnable wakeWorkers) {
        this.instances = instances;
        this.tools = tools;
        this.users = users;
        this.stopper = stopper;
        this.audit = audit;
        this.wakeWorkers = wakeWorkers;
    }

    /**
     * Queues a start of the tool for the user, or returns their live instance of it: concurrent requests yield one
     * instance.
     *
     * @param actorUserId who asked (the user, or an admin), for the audit log
     * @throws SpawnRefusedException when the user or tool is unknown, disabled or unavailable
     */
    public Enqueued requestStart(String userId, String toolSlug, String actorUserId, String sourceIp) {
        return requestStart(userId, toolSlug, Optional.empty(), actorUserId, sourceIp);
    }

    /**
     * As {@link #requestStart(String, String, String, String)} with a size the tool offers (empty: the template's
     * default). A live instance already running keeps its own size.
     *
     * @throws UnknownSizeException when the tool does not offer a size of that name (a sentence naming
     *                                  {@code size} and the offered names)
     */
    public Enqueued requestStart(String userId, String toolSlug, Optional<String> sizeName, String actorUserId,
            String sourceIp) {
        User user = users.find(userId)
                .orElseThrow(() -> new SpawnRefusedException(Reason.UNKNOWN_USER, "no user with id " + userId));
        if (user.disabled()) {
            throw new SpawnRefusedException(Reason.USER_DISABLED, "the account of " + user.email() + " is disabled");
        }
        ToolTemplate tool = tools.find(toolSlug)
                .orElseThrow(() -> new SpawnRefusedException(Reason.UNKNOWN_TOOL, "no tool named " + toolSlug));
        if (!tool.enabled()) {
            throw new SpawnRefusedException(Reason.TOOL_DISABLED, tool.name() + " is disabled by an administrator");
        }
        if (tool.unavailableReason().isPresent()) {
            throw new SpawnRefusedException(Reason.TOOL_UNAVAILABLE,
                    tool.name() + " cannot be started here: " + tool.unavailableReason().get());
        }
        if (!mayStart(user, tool)) {
            audit.record(actorUserId, "access.denied", tool.slug(), sourceIp, Map.of("user", user.id(),
                    "reason", isVisualisation(tool) ? "not a viewer" : "no tool grant"));
            throw new SpawnRefusedException(Reason.NOT_GRANTED, isVisualisation(tool)
                    ? "you have not been given access to view " + tool.name() + "; ask an administrator"
                    : tool.name() + " needs access granted by an administrator; request access from your home page");
        }
        Optional<ToolSize> size = sizeName.map(name -> tool.size(name).orElseThrow(() ->
                new UnknownSizeException(unknownSize(tool, name))));
        String host = isVisualisation(tool) ? tool.slug() : HostNames.toolHost(tool.slug(), user.id());
        Enqueued result = instances.enqueue(host, user.id(), tool.slug(), tool.backend(), size);
        if (result.created()) {
            audit.record(actorUserId, "instance.start", result.instance().id().toString(), sourceIp,
                    Map.of("tool", tool.slug(), "user", user.id(), "host", host,
                            "size", size.map(ToolSize::name).orElse("default")));
            wakeWorkers.run();
        }
        return result;
    }

    /** The 400 sentence for a size the tool does not offer. */
    public static String unknownSize(ToolTemplate tool, String name) {
        return "size: \"" + name + "\" (expected: " + (tool.sizes().isEmpty()
                ? "no size; " + tool.name() + " offers only its default size"
                : "one of " + tool.sizes().stream().map(ToolSize::name).toList()) + ")";
    }

    /**
     * A visualisation is one shared app at {@code <slug>.<root>}, started once for all its viewers; its instance
     * row names whoever first opened it, but it must run with the visualisation's own datasets
     * ({@code GrantedDatasets.forVisualisation}), never that user's.
     */
    public static boolean isVisualisation(ToolTemplate tool) {
        return tool.kind() == ToolKind.VISUALISATION;
    }

    /**
     * May this (enabled) user start this tool? A visualisation: administrators and its viewers (an unexpired tool
     * grant, to them or a team of theirs). A tool with access {@code granted}: only holders of such a grant. Any
     * other tool: everyone.
     */
    public boolean mayStart(User user, ToolTemplate tool) {
        if (isVisualisation(tool)) {
            return user.admin() || tools.grantedTo(tool.slug(), user.id());
        }
        return tools.access(tool.slug()).orElse(ToolAccess.GRANTED) == ToolAccess.EVERYONE
                || tools.grantedTo(tool.slug(), user.id());
    }

    /** Asks an instance to stop; idempotent. */
    public Instance requestStop(Instance instance, String reason, String actorUserId, String sourceIp) {
        Instance after = stopper.requestStop(instance, reason);
        if (instance.phase().isLive()) {
            audit.record(actorUserId, "instance.stop", instance.id().toString(), sourceIp,
                    Map.of("tool", instance.toolSlug(), "user", instance.userId(), "reason", reason));
        }
        return after;
    }

    /**
     * Disables or enables a user; disabling revokes their sessions (the proxy sees it within its session cache
     * time) and stops all of their live instances, which ends their tools' credentials.
     */
    public boolean setUserDisabled(String userId, boolean disabled, String actorUserId, String sourceIp) {
        if (!users.setDisabled(userId, disabled)) {
            return false;
        }
        audit.record(actorUserId, disabled ? "user.disable" : "user.enable", userId, sourceIp, Map.of());
        if (disabled) {
            users.revokeSessions(userId);
            for (Instance instance : instances.list(userId, true, 1000)) {
                requestStop(instance, "the user's account was disabled", actorUserId, sourceIp);
            }
        }
        return true;
    }
}
