package io.jnsq.nsqd;

/**
 * One consumer's in-flight messages: found by ID for FIN/REQ/TOUCH, ordered by deadline for timeouts. Only the
 * owning consumer's thread changes it; other threads may ask {@link #contains} (to tell "not in flight" from
 * "not yours").
 */
public final class InFlightQueue {
    private final MessageIdMap byId = new MessageIdMap();
    private final MessagePriorityQueue byDeadline;

    public InFlightQueue(int initialCapacity) {
        byDeadline = new MessagePriorityQueue(initialCapacity);
    }

    /** Puts a just-delivered message in flight until {@code deadline} ({@link System#nanoTime()}). */
    public void add(Message m, long now, long deadline) {
        m.deliveredAt = now;
        byId.put(m.id, m);
        byDeadline.push(m, deadline);
    }

    /** Removes and returns the message, or {@code null} if it is not in flight here. */
    public Message remove(long id) {
        Message m = byId.remove(id);
        if (m != null) {
            byDeadline.remove(m);
        }
        return m;
    }

    public Message get(long id) {
        return byId.get(id);
    }

    public boolean contains(long id) {
        return byId.get(id) != null;
    }

    /** Moves the deadline of a message in flight here. */
    public void setDeadline(Message m, long deadline) {
        byDeadline.update(m, deadline);
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE} when nothing is in flight. */
    public long nextDeadline() {
        Message head = byDeadline.peek();
        return head == null ? Long.MAX_VALUE : head.priority;
    }

    /** Removes and returns a message whose deadline is at or before {@code now}, or {@code null}. */
    public Message pollExpired(long now) {
        Message m = byDeadline.pollIfDue(now);
        if (m != null) {
            byId.remove(m.id);
        }
        return m;
    }

    /** Removes everything, handing each message to {@code sink}. */
    public void drainTo(java.util.function.Consumer<Message> sink) {
        byId.clear();
        byDeadline.drainTo(sink);
    }

    public int size() {
        return byDeadline.size();
    }
}
