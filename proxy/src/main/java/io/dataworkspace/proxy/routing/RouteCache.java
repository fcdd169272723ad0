package io.dataworkspace.proxy.routing;

import io.dataworkspace.launcher.cull.ActivityRecorder;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.InstanceListener;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.proxy.forward.ActivityCounters;
import io.dataworkspace.proxy.forward.Upstream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host → route of every RUNNING instance, in memory, kept current by the instance change feed (NOTIFY from every
 * replica) so that the request path never waits on the database. Loaded in full at start and after the feed
 * reconnects.
 */
public final class RouteCache implements InstanceListener {
    private static final Logger log = LoggerFactory.getLogger(RouteCache.class);

    private final InstanceRepository instances;
    private final Map<String, Route> byHost = new ConcurrentHashMap<>();
    private final Map<UUID, Long> flushedActivity = new ConcurrentHashMap<>();

    public RouteCache(InstanceRepository instances) {
        this.instances = instances;
    }

    /** The route of the host's running instance, or null. One map lookup: the hot path. */
    public Route find(String host) {
        return byHost.get(host);
    }

    public int size() {
        return byHost.size();
    }

    /** Replaces the whole table with what the database says is running. Blocking: not on an event loop. */
    public void reload() {
        Map<String, Route> fresh = new ConcurrentHashMap<>();
        for (Instance instance : instances.live()) {
            if (instance.phase() == Phase.RUNNING && instance.endpoint().isPresent()) {
                Route existing = byHost.get(instance.host());
                fresh.put(instance.host(), existing != null && existing.instanceId().equals(instance.id())
                        ? existing : route(instance.id(), instance.host(), instance.endpoint().get()));
            }
        }
        byHost.keySet().retainAll(fresh.keySet());
        byHost.putAll(fresh);
        log.info("route table loaded: {} running instances", byHost.size());
    }

    @Override
    public void onChange(InstanceChange change) {
        if (change.message().isPresent()) {
            return; // progress, not a phase change
        }
        if (change.phase() == Phase.RUNNING && change.endpoint().isPresent()) {
            byHost.put(change.host(), route(change.instanceId(), change.host(), change.endpoint().get()));
        } else if (change.phase() != Phase.RUNNING) {
            byHost.computeIfPresent(change.host(),
                    (host, route) -> route.instanceId().equals(change.instanceId()) ? null : route);
        }
    }

    @Override
    public void onResync() {
        reload();
    }

    /** Hands the culler the instances that saw traffic since the last call (one map entry each, no DB write). */
    public void reportActivity(ActivityRecorder recorder) {
        for (Route route : byHost.values()) {
            long last = route.activity().lastActivityMillis();
            if (last == 0) {
                continue;
            }
            Long previous = flushedActivity.put(route.instanceId(), last);
            if (previous == null || previous != last) {
                recorder.record(route.instanceId(), Instant.ofEpochMilli(last));
            }
        }
        flushedActivity.keySet().retainAll(byHost.values().stream().map(Route::instanceId).toList());
    }

    private static Route route(UUID id, String host, Endpoint endpoint) {
        return new Route(id, host, new Upstream(endpoint.host(), endpoint.port()), new ActivityCounters());
    }
}
