package io.jnsq.nsqd;

/** A backend queue could not store a message. */
public final class BackendException extends Exception {
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
