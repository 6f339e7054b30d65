package io.jnsq.nsqd;

/** A topic refused a publish; the message is NSQ's ({@code exiting}, or the backend's write error). */
public final class PublishException extends Exception {
    public PublishException(String message) {
        super(message, null, false, false);
    }
}
