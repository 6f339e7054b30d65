package io.jnsq.nsqd;

/** A subscriber of a channel: a client connection that takes messages as its RDY count allows. */
public interface Consumer extends Client {
    /** The channel has messages again. Called from any thread, possibly under the channel's lock: never block. */
    void wake();

    /** Messages delivered to this consumer and not yet finished, requeued or timed out. */
    int inFlightCount();

    /**
     * The in-flight messages, plus any this consumer is taking from the channel right now: counted here from before
     * {@link Channel#poll} gives them up, and in flight until the channel has them back, so that a message on its
     * way is never counted by neither side ({@link Channel#undelivered}).
     */
    int heldCount();

    /**
     * Whether the message is in flight here, to tell "not in flight" from "not yours"; called from other consumers'
     * threads, so it may be a moment old.
     */
    boolean holds(long messageId);

    /** The channel was emptied: forget every in-flight message. */
    void emptyInFlight();

    /** The channel is going away: close the connection. */
    void close();
}
