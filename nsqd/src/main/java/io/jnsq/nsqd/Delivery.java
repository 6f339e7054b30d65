package io.jnsq.nsqd;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A consumer's side of delivery, apart from its connection: the RDY count, the messages in flight with their
 * deadlines, attempts and TOUCH's limit, sampling, and the counts /stats shows. The connection asks it for messages
 * to write and hands it FIN, REQ and TOUCH; it never touches a socket.
 *
 * <p>Only the connection's thread changes it. The counts are plain fields: a message costs no atomic or fenced
 * write for them, and stats read them racily from another thread (a 64-bit JVM does not tear a {@code long}),
 * seeing values at most a moment old. The RDY count and the in-flight and taking counts are volatile, since the
 * channel and stats read them from other threads to decide and to count.
 */
public final class Delivery {
    private static final String NOT_IN_FLIGHT = "ID not in flight";
    private static final String NOT_OWNED = "client does not own message";

    private final Consumer consumer;
    private final long maxMsgTimeoutNanos;
    private Channel channel;
    private LatencyRecorder latency = LatencyRecorder.NONE;
    private volatile long readyCount;
    private final InFlightQueue inFlight = new InFlightQueue();
    private volatile int inFlightCount;
    /** How many messages a poll of the channel may be taking right now; see {@link #heldCount}. */
    private volatile int taking;
    private long messageCount;
    private long finishCount;
    private long requeueCount;
    /**
     * Marks of messages read from disk and finished, released together by {@link #releaseFinished()}: the disk queue's
     * lock once per read of the connection, not once per FIN.
     */
    private long[] finishedMarks = new long[64];
    private int finishedMarkCount;

    /** For {@code consumer}, whose messages may be touched up to {@code maxMsgTimeout} after their delivery. */
    public Delivery(Consumer consumer, Duration maxMsgTimeout) {
        this.consumer = consumer;
        this.maxMsgTimeoutNanos = maxMsgTimeout.toNanos();
    }

    /** SUB: messages come from {@code channel} from now on. */
    public void subscribe(Channel channel) {
        this.channel = channel;
        this.latency = channel.latencyRecorder();
    }

    /** The channel subscribed to, or {@code null}. */
    public Channel channel() {
        return channel;
    }

    public void setReadyCount(long count) {
        readyCount = count;
    }

    public long readyCount() {
        return readyCount;
    }

    /** How many more messages RDY allows now: 0 while the channel is paused. */
    public int room() {
        long room = readyCount - inFlight.size();
        return room <= 0 || channel.isPaused() ? 0 : (int) Math.min(Integer.MAX_VALUE, room);
    }

    /**
     * Takes up to {@code max} messages from the channel and puts those to deliver in flight until
     * {@code deadline}, after what {@code out} holds: sampling drops some ({@code sampleRate} percent are kept; 0
     * keeps all), as NSQ's, and a twin of a message in flight here already (read again from disk after a crash) is
     * not sent twice. Returns how many the channel gave, which is 0 once it has none.
     */
    public int take(int max, List<Message> out, long now, long deadline, int sampleRate) {
        taking = max;
        int start = out.size();
        int polled = channel.poll(consumer, max, out);
        int delivered = start;
        for (int i = start; i < start + polled; i++) {
            Message m = out.get(i);
            if (sampleRate > 0 && ThreadLocalRandom.current().nextInt(100) > sampleRate) {
                finished(m); // NSQ's sampling consumes the message without delivering it
            } else if (!inFlight.add(m, now, deadline)) {
                finished(m); // its twin, in flight here, answers for both; NSQ would send it twice
            } else {
                m.incrementAttempts();
                out.set(delivered++, m);
            }
        }
        out.subList(delivered, start + polled).clear();
        messageCount += delivered - start;
        inFlightCount = inFlight.size();
        taking = 0;
        return polled;
    }

    /** FIN; {@code null} on success, else NSQ's reason. */
    public String finish(long messageId) {
        Message m = inFlight.remove(messageId);
        if (m == null) {
            return notInFlightReason(messageId);
        }
        inFlightCount = inFlight.size();
        finishCount++;
        latency.finished(m);
        finished(m);
        return null;
    }

    /** Done with {@code m}: its record, if it was read from disk, is released with the next batch. */
    private void finished(Message m) {
        long mark = m.diskMark;
        if (mark == 0) {
            return;
        }
        m.diskMark = 0;
        if (finishedMarkCount == finishedMarks.length) {
            finishedMarks = Arrays.copyOf(finishedMarks, 2 * finishedMarkCount);
        }
        finishedMarks[finishedMarkCount++] = mark;
    }

    /**
     * Lets the disk queue go of the records of the messages finished since the last call; the connection calls it at
     * the end of each read and of each delivery pass.
     */
    public void releaseFinished() {
        if (finishedMarkCount > 0) {
            channel.release(finishedMarks, finishedMarkCount);
            finishedMarkCount = 0;
        }
    }

    /** REQ; {@code null} on success, else NSQ's reason. */
    public String requeue(long messageId, long delayNanos) {
        Message m = inFlight.remove(messageId);
        if (m == null) {
            return notInFlightReason(messageId);
        }
        requeueCount++;
        channel.requeue(m, delayNanos);
        inFlightCount = inFlight.size(); // only now: the channel has it back (heldCount)
        return null;
    }

    /**
     * TOUCH: the message's deadline moves to {@code msgTimeoutNanos} from {@code now}, but never past --max-msg-timeout
     * after its delivery; {@code null} on success, else NSQ's reason.
     */
    public String touch(long messageId, long now, long msgTimeoutNanos) {
        Message m = inFlight.get(messageId);
        if (m == null) {
            return notInFlightReason(messageId);
        }
        inFlight.setDeadline(m, Math.min(now + msgTimeoutNanos, m.deliveredAt() + maxMsgTimeoutNanos));
        return null;
    }

    private String notInFlightReason(long messageId) {
        if (channel != null) {
            for (Consumer other : channel.clients()) {
                if (other != consumer && other.holds(messageId)) {
                    return NOT_OWNED;
                }
            }
        }
        return NOT_IN_FLIGHT;
    }

    /** Whether the message is in flight here; may be called from any thread, and may be a moment old. */
    public boolean holds(long messageId) {
        return inFlight.contains(messageId);
    }

    /** Gives back every message whose deadline is at or before {@code now}; returns whether there was any. */
    public boolean expire(long now) {
        Message m;
        boolean any = false;
        while ((m = inFlight.pollExpired(now)) != null) {
            channel.timedOut(m);
            any = true;
        }
        inFlightCount = inFlight.size();
        return any;
    }

    /** The earliest deadline in flight, or {@code Long.MAX_VALUE}. */
    public long nextDeadline() {
        return inFlight.nextDeadline();
    }

    /** The connection is gone: give back in-flight messages now, not at their timeout, and leave the channel. */
    public void leave() {
        if (channel == null) {
            return;
        }
        releaseFinished();
        // given back before leaving, so that they are counted somewhere all along (heldCount)
        inFlight.drainTo(channel::timedOut);
        inFlightCount = 0;
        channel.removeClient(consumer);
    }

    /** The channel was emptied: forget every in-flight message. */
    public void forgetInFlight() {
        inFlight.drainTo(m -> { });
        inFlightCount = 0;
    }

    public int inFlightCount() {
        return inFlightCount;
    }

    /** See {@link Consumer#heldCount()}. */
    public int heldCount() {
        int beingTaken = taking; // read first: once it is back to 0, inFlightCount has the messages taken
        return beingTaken + inFlightCount;
    }

    public long messageCount() {
        return messageCount;
    }

    public long finishCount() {
        return finishCount;
    }

    public long requeueCount() {
        return requeueCount;
    }
}
