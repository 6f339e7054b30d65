package io.jnsq.client;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.MessageId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A message delivered to a {@link Consumer}, with the commands that answer it. Each message is answered once: FIN
 * ({@link #finish()}) or REQ ({@link #requeue}); {@link #touch()} may come before. Unless the handler called
 * {@link #disableAutoResponse()}, the consumer answers for it: FIN when the handler returns, REQ when it throws.
 */
public final class Message {
    /**
     * The ID's 16 ASCII bytes as they came, as two longs: FIN writes them back, and neither an array nor the String
     * is made unless asked for.
     */
    private final long idHigh;
    private final long idLow;
    /** Not volatile: two threads may each make it, and either String will do. */
    private String idText;
    private final long timestampNanos;
    private final int attempts;
    private final byte[] body;
    private final Connection connection;
    private static final AtomicIntegerFieldUpdater<Message> RESPONDED =
            AtomicIntegerFieldUpdater.newUpdater(Message.class, "responded");

    /** 1 once FIN or REQ was sent; a field, not an AtomicBoolean: one object less for each message. */
    private volatile int responded;
    /** False by default, so that making a message writes no volatile field: a barrier less for each message. */
    private volatile boolean autoResponseDisabled;
    /**
     * Delivery or the last TOUCH: when nsqd's msg_timeout started counting again. Not volatile: the auto-TOUCH
     * timer may read an older value and touch early, which is harmless, and each message costs no barrier.
     */
    private long touchedNanos;
    /** Set before the message is handed to a handler thread, which the hand-off makes visible. */
    Responder responder;

    /** How the consumer learns of an answer: for RDY, backoff and its counts. */
    interface Responder {
        void finished(Message message);

        void requeued(Message message, Duration delay, boolean backoff);

        /** go-nsq's delay for a REQ without one: default_requeue_delay times the attempts, capped. */
        Duration defaultRequeueDelay(int attempts);
    }

    /** {@code deliveredNanos}: when the read that brought it began, one clock reading for all its messages. */
    Message(long idHigh, long idLow, long timestampNanos, int attempts, byte[] body, Connection connection,
            long deliveredNanos) {
        this.touchedNanos = deliveredNanos;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.timestampNanos = timestampNanos;
        this.attempts = attempts;
        this.body = body;
        this.connection = connection;
    }

    /** The 16-character hex ID nsqd gave the message. */
    public String id() {
        String text = idText;
        if (text == null) {
            text = MessageId.ofWire(idHigh, idLow);
            idText = text;
        }
        return text;
    }

    /** The first 8 bytes of the ID as they came, for a FIN. */
    long idHigh() {
        return idHigh;
    }

    long idLow() {
        return idLow;
    }

    /** When it was published, in nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Deliveries so far, this one included. */
    public int attempts() {
        return attempts;
    }

    /** The body as published (the array itself, not a copy). */
    public byte[] body() {
        return body;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The TCP address of the nsqd that delivered it. */
    public String nsqdAddress() {
        return connection.address().joined();
    }

    /** The handler answers for this message itself, perhaps later and from another thread. */
    public void disableAutoResponse() {
        autoResponseDisabled = true;
    }

    public boolean isAutoResponse() {
        return !autoResponseDisabled;
    }

    /** Whether FIN or REQ was sent for it. */
    public boolean hasResponded() {
        return responded != 0;
    }

    /** FIN: done with it. A second answer is ignored. */
    public void finish() {
        if (RESPONDED.compareAndSet(this, 0, 1)) {
            connection.finish(this);
            Responder r = responder;
            if (r != null) {
                r.finished(this);
            }
        }
    }

    /**
     * REQ with go-nsq's default delay ({@code default_requeue_delay} times the attempts, at most
     * {@code max_requeue_delay}), and backoff: the consumer slows down as go-nsq's does for a failing handler.
     */
    public void requeue() {
        requeue(null, true);
    }

    /** REQ after {@code delay}, with backoff. */
    public void requeue(Duration delay) {
        requeue(delay, true);
    }

    /** REQ after {@code delay} without backoff: for a message to retry later that says nothing of the handler. */
    public void requeueWithoutBackoff(Duration delay) {
        requeue(delay, false);
    }

    private void requeue(Duration delay, boolean backoff) {
        if (RESPONDED.compareAndSet(this, 0, 1)) {
            Responder r = responder;
            Duration d = delay != null ? delay : r != null ? r.defaultRequeueDelay(attempts) : Duration.ZERO;
            long millis = d.toMillis();
            connection.send(out -> Commands.req(out, id(), millis));
            if (r != null) {
                r.requeued(this, d, backoff);
            }
        }
    }

    /** TOUCH: nsqd resets the message's timeout; for handlers that take longer than msg_timeout. */
    public void touch() {
        if (responded == 0) {
            touchedNanos = System.nanoTime();
            connection.send(out -> Commands.touch(out, id()));
        }
    }

    /** Whether half of the msg_timeout nsqd granted has passed since delivery or the last TOUCH. */
    boolean halfTimedOut(long nowNanos) {
        return nowNanos - touchedNanos >= connection.identified().msgTimeoutMillis() * 500_000L;
    }

    @Override
    public String toString() {
        return "Message[id=" + id() + ", attempts=" + attempts + ", " + body.length + " bytes]";
    }
}
