package io.jnsq.nsqd;

/** A channel refused a subscriber; the message is NSQ's ({@code exiting}, consumer limit). */
public final class ChannelException extends Exception {
    public ChannelException(String message) {
        super(message, null, false, false);
    }
}
