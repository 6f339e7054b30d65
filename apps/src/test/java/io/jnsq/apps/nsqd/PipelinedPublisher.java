package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.testwire.WireClient;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Publishes numbered bodies on its own thread, half as PUB and half as MPUB, {@link #PIPELINE} commands ahead
 * of their answers, until the connection dies. A body counts as acknowledged only once its OK has arrived.
 */
final class PipelinedPublisher implements AutoCloseable {
    /** Commands sent before their answers are read: several publishes are in flight at the kill. */
    private static final int PIPELINE = 4;
    /** Publishing costs an fsync per command: small batches put more commands, and more of them in flight, at the kill. */
    private static final int MAX_MPUB = 10;
    private static final int MAX_PADDING = 150;

    private final MessageLedger ledger;
    private final String prefix;
    private final Random random;
    private final BooleanSupplier killed;
    private final WireClient client;
    /** The bodies of each command sent and not yet answered, oldest first: NSQ answers in order. */
    private final ArrayDeque<List<String>> pending = new ArrayDeque<>();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private int next;

    PipelinedPublisher(NsqdProcess nsqd, MessageLedger ledger, String prefix, long seed) {
        this.ledger = ledger;
        this.prefix = prefix;
        this.random = new Random(seed);
        this.killed = nsqd::killed;
        this.client = WireClient.connect(nsqd.address());
        this.thread = new Thread(this::run, "publisher-" + ledger.topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                while (pending.size() < PIPELINE) {
                    send();
                }
                Frame frame = client.readFrameSkippingHeartbeats();
                if (frame.type() != FrameType.RESPONSE || !frame.text().equals("OK")) {
                    failure.set(new AssertionError(ledger.topic + ": " + frame + " for " + pending.peek()));
                    return;
                }
                List<String> done = pending.remove();
                ledger.acked.addAll(done);
                acked.addAndGet(done.size());
            }
        } catch (AssertionError | UncheckedIOException e) {
            // after the kill this is how the connection ends: reset, closed, or a write that fails
            if (!killed.getAsBoolean()) {
                failure.set(e);
            }
        }
    }

    private void send() {
        boolean mpub = random.nextBoolean();
        int count = mpub ? 1 + random.nextInt(MAX_MPUB) : 1;
        List<String> keys = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + next++;
            keys.add(key);
            bodies.add((key + " " + "x".repeat(random.nextInt(MAX_PADDING))).getBytes(StandardCharsets.UTF_8));
        }
        // recorded before the bytes go out: a publish cut short by the kill may still have been written
        ledger.sent.addAll(keys);
        sent.addAndGet(keys.size());
        pending.add(keys);
        if (mpub) {
            client.mpub(ledger.topic, bodies);
        } else {
            client.pub(ledger.topic, bodies.get(0));
        }
    }

    int ackedCount() {
        return acked.get();
    }

    int sentCount() {
        return sent.get();
    }

    boolean failed() {
        return failure.get() != null;
    }

    void assertHealthy() {
        assertThat(failure.get()).as("publisher to %s failed before the kill", ledger.topic).isNull();
    }

    void awaitEnd() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).as("publisher to %s still running after the kill", ledger.topic).isFalse();
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
