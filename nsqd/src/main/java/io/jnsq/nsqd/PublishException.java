package io.jnsq.nsqd;

/**
 * A topic refused a publish; the message is NSQ's ({@code exiting}, or the backend's write error), or
 * {@code draining} while nsqd drains.
 */
public final class PublishException extends Exception {
    private final boolean draining;

    public PublishException(String message) {
        this(message, false);
    }

    private PublishException(String message, boolean draining) {
        super(message, null, false, false);
        this.draining = draining;
    }

    static PublishException draining() {
        return new PublishException("draining", true);
    }

    /** Refused because nsqd drains, rather than because the topic is going away or the disk failed. */
    public boolean isDraining() {
        return draining;
    }
}
