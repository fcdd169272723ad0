package io.dataworkspace.proxy.spawn;

import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.instance.Progress;
import io.dataworkspace.proxy.web.Pages;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /__dw/progress} on a tool host: the instance's progress as server-sent events, each flushed at once.
 * History first, then live changes from the {@link ProgressHub}; ends with {@code ready} or {@code failed}.
 */
public final class ProgressStream {
    private final Vertx vertx;
    private final InstanceRepository instances;
    private final ProgressHub hub;

    public ProgressStream(Vertx vertx, InstanceRepository instances, ProgressHub hub) {
        this.vertx = vertx;
        this.instances = instances;
        this.hub = hub;
    }

    /** Streams the progress of {@code host}'s live (or latest) instance until it is ready, fails or the client goes. */
    public void stream(HttpServerRequest request, String host) {
        HttpServerResponse response = request.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .putHeader("X-Content-Type-Options", "nosniff");
        Context context = vertx.getOrCreateContext();
        List<InstanceChange> early = new ArrayList<>();
        Object lock = new Object();
        boolean[] historySent = {false};
        Runnable[] stop = new Runnable[1];
        stop[0] = hub.watch(host, change -> {
            synchronized (lock) {
                if (!historySent[0]) {
                    early.add(change);
                    return;
                }
            }
            context.runOnContext(v -> send(response, change, stop[0]));
        });
        response.closeHandler(v -> stop[0].run());
        vertx.executeBlocking(() -> history(host)).onComplete(result -> {
            if (result.failed()) {
                stop[0].run();
                event(response, "failed", "{\"reason\":\"the progress of this tool cannot be read now\"}");
                response.end();
                return;
            }
            History h = result.result();
            h.progress().forEach(p -> event(response, "progress", message(p.message())));
            if (finish(response, h.instance().map(Instance::state), stop[0])) {
                return;
            }
            List<InstanceChange> pending;
            synchronized (lock) {
                historySent[0] = true;
                pending = List.copyOf(early);
            }
            pending.forEach(change -> send(response, change, stop[0]));
        });
    }

    private record History(Optional<Instance> instance, List<Progress> progress) {
    }

    private History history(String host) {
        Optional<Instance> instance = instances.findLive(host).or(() -> instances.latest(host));
        return new History(instance, instance.map(i -> instances.progress(i.id())).orElse(List.of()));
    }

    private void send(HttpServerResponse response, InstanceChange change, Runnable stop) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (change.message().isPresent()) {
            event(response, "progress", message(change.message().get()));
            return;
        }
        if (change.phase() == Phase.RUNNING) {
            finish(response, Optional.of(new InstanceState.Running(change.endpoint().orElse(null))), stop);
        } else if (change.phase() == Phase.FAILED || change.phase() == Phase.STOPPED) {
            vertx.executeBlocking(() -> instances.find(change.instanceId()).map(Instance::state))
                    .onSuccess(state -> finish(response, state, stop));
        }
    }

    /** Ends the stream when the instance is running or over; true if it did. */
    private static boolean finish(HttpServerResponse response, Optional<InstanceState> state, Runnable stop) {
        if (state.isEmpty() || response.ended()) {
            return false;
        }
        InstanceState s = state.get();
        if (s instanceof InstanceState.Running) {
            event(response, "ready", "{}");
        } else if (s instanceof InstanceState.Failed failed) {
            event(response, "failed", "{\"reason\":\"" + Pages.jsonEscape(failed.reason()) + "\"}");
        } else if (s instanceof InstanceState.Stopped) {
            event(response, "failed", "{\"reason\":\"the tool was stopped\"}");
        } else {
            return false;
        }
        stop.run();
        response.end();
        return true;
    }

    private static String message(String text) {
        return "{\"message\":\"" + Pages.jsonEscape(text) + "\"}";
    }

    private static void event(HttpServerResponse response, String name, String json) {
        response.write("event: " + name + "\ndata: " + json + "\n\n");
    }
}
