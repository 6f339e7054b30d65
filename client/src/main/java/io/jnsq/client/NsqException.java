package io.jnsq.client;

/** Something went wrong talking to nsqd or nsqlookupd: a refused connection, a timeout, a closed connection. */
public class NsqException extends RuntimeException {
    public NsqException(String message) {
        super(message);
    }

    public NsqException(String message, Throwable cause) {
        super(message, cause);
    }
}
