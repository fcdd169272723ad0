package io.dataworkspace.proxy.routing;

import io.dataworkspace.proxy.forward.ActivityCounters;
import io.dataworkspace.proxy.forward.Upstream;
import java.util.UUID;

/** Where a running instance answers, and the counters its traffic feeds (for the culler). */
public record Route(UUID instanceId, String host, Upstream upstream, ActivityCounters activity) {
}
