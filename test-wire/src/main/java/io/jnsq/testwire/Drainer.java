package io.jnsq.testwire;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Message;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A consumer on its own thread: reads every frame of a subscribed connection, hands each message to a callback
 * and FINs it, answers heartbeats, until closed. The connection's read timeout bounds how long it may wait for a
 * frame, so give it one longer than the test's quiet spells.
 */
public final class Drainer implements AutoCloseable {
    private final WireClient client;
    private final Consumer<Message> onMessage;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;

    /** Starts draining {@code client}, which must be subscribed; RDY is up to the caller. */
    public Drainer(WireClient client, Consumer<Message> onMessage) {
        this.client = client;
        this.onMessage = onMessage;
        this.thread = new Thread(this::run, "drainer-" + client);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closing) {
                Frame frame = client.readFrame();
                if (frame.type() == FrameType.MESSAGE) {
                    Message m = frame.message();
                    onMessage.accept(m);
                    client.fin(m.id());
                    count.incrementAndGet();
                } else if (frame.isHeartbeat()) {
                    client.nop();
                } else {
                    throw new AssertionError("unexpected " + frame);
                }
            }
        } catch (Throwable e) {
            if (!closing) {
                failure.set(e);
            }
        }
    }

    /** Messages received so far. */
    public int count() {
        return count.get();
    }

    /** Fails with what stopped the drainer, if anything did before {@link #close()}. */
    public void assertHealthy() {
        Throwable e = failure.get();
        if (e != null) {
            throw new AssertionError("drainer of " + client + " failed", e);
        }
    }

    /** Closes the connection and waits (up to 10 s) for the thread to end. */
    @Override
    public void close() {
        closing = true;
        client.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
