package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * Moves buffers from a read stream to a write stream with backpressure (the source is paused while the
 * destination's write queue is full and resumed on drain, as Netty's proxy example does with auto-read), counting
 * the bytes (and, given a {@link FrameCounter}, WebSocket frames) for the instance's activity. One object per
 * direction per exchange; nothing is allocated per buffer. Used by the Vert.x {@code HttpClient} exchange; open
 * WebSocket tunnels use a {@link Splice} instead.
 */
final class Pump implements Handler<Buffer> {

    private final ReadStream<Buffer> source;
    private final WriteStream<Buffer> destination;
    private final ActivityListener activity;
    private final boolean toUpstream;
    private final FrameCounter frames;
    private final Handler<Void> onDrain;
    private long remaining;
    private boolean ended;

    /**
     * @param frames a frame counter for WebSocket tunnels, {@code null} for HTTP bodies
     */
    Pump(ReadStream<Buffer> source, WriteStream<Buffer> destination, ActivityListener activity, boolean toUpstream,
            FrameCounter frames) {
        this(source, destination, activity, toUpstream, frames, -1);
    }

    /**
     * @param length the body's declared length, or -1: the buffer that completes it is sent with {@code end}, so a
     *               small response leaves in one write instead of a write and an end
     */
    Pump(ReadStream<Buffer> source, WriteStream<Buffer> destination, ActivityListener activity, boolean toUpstream,
            FrameCounter frames, long length) {
        this.source = source;
        this.destination = destination;
        this.activity = activity;
        this.toUpstream = toUpstream;
        this.frames = frames;
        this.onDrain = v -> source.resume();
        this.remaining = length;
    }

    /** Ends the destination unless the last buffer already did. */
    void end() {
        if (!ended) {
            ended = true;
            destination.end();
        }
    }

    /** Installs the pump as the source's data handler (the caller resumes the source). */
    Pump start() {
        source.handler(this);
        return this;
    }

    @Override
    public void handle(Buffer buffer) {
        int n = buffer.length();
        if (toUpstream) {
            activity.bytesToUpstream(n);
        } else {
            activity.bytesToClient(n);
        }
        if (frames != null) {
            frames.scan(buffer);
            int data = frames.takeData();
            int control = frames.takeControl();
            if ((data | control) != 0) {
                activity.webSocketFrames(toUpstream, data, control);
            }
        }
        if (remaining >= 0 && (remaining -= n) <= 0) {
            ended = true;
            destination.end(buffer);
            return;
        }
        destination.write(buffer);
        if (destination.writeQueueFull()) {
            source.pause();
            destination.drainHandler(onDrain);
        }
    }
}
