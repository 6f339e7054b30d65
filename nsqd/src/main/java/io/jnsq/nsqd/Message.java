package io.jnsq.nsqd;

/**
 * A message inside nsqd. ID, timestamp and body never change; every channel delivers its own copy because
 * attempts and queue positions are per channel.
 */
public final class Message {
    final long id;
    /** Publish time, nanoseconds since the epoch. */
    final long timestamp;
    final byte[] body;
    /** Deliveries so far: a uint16 on the wire, and here. */
    char attempts;
    /**
     * How many channels this very object is queued in, as the topic published it; 0 when it is one channel's own.
     * Each channel delivers a copy of its own ({@link #copy}) and never changes this one, and each counts its share
     * of the memory ({@link MemoryBudget#sizeOf}). Never deferred (a deferred message waits in each channel's own
     * deferred queue, so each gets a copy at once). A char, like {@link #attempts}, so that a message stays 80 bytes;
     * past 65,535 channels the shares add up to more than the message, never less.
     */
    char sharedBy;
    /** {@link System#nanoTime()} before which a deferred message must not be delivered; 0 when not deferred. */
    long deferredUntil;
    /** In-flight deadline or deferred ready time ({@link System#nanoTime()}), the key of the queue it is in. */
    long priority;
    /** Position in the deferred priority queue holding it; -1 when in none. */
    int index = -1;
    /** Neighbours in its consumer's in-flight list, ordered by deadline. */
    Message prev;
    Message next;
    /** {@link System#nanoTime()} of the delivery that put it in flight, which bounds TOUCH. */
    long deliveredAt;
    /**
     * Set when read from a channel's disk queue, which keeps the record until this message is finished or stored
     * again elsewhere ({@link BackendQueue#release}); 0 otherwise.
     */
    long diskMark;

    Message(long id, long timestamp, byte[] body) {
        this.id = id;
        this.timestamp = timestamp;
        this.body = body;
    }

    boolean isShared() {
        return sharedBy != 0;
    }

    /** A copy for another channel: same ID, timestamp, body and deferral, no attempts yet. */
    Message copy() {
        Message m = new Message(id, timestamp, body);
        m.deferredUntil = deferredUntil;
        return m;
    }

    public long id() {
        return id;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte[] body() {
        return body;
    }

    public int attempts() {
        return attempts;
    }

    /** Counts a delivery (attempts start at 1 on the first one; uint16 on the wire, so it wraps). */
    public int incrementAttempts() {
        return ++attempts;
    }

    /** {@link System#nanoTime()} of the delivery that put this message in flight. */
    public long deliveredAt() {
        return deliveredAt;
    }
}
