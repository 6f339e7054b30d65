package io.jnsq.nsqd;

/**
 * nsqd is draining ({@link Broker#drain()}) and makes no new topic or channel. Each transport answers with its own
 * error: {@code E_PUB_FAILED}, {@code E_SUB_FAILED}, ... over TCP, {@code 503 DRAINING} over HTTP.
 */
public final class DrainingException extends IllegalStateException {
    DrainingException() {
        super("draining");
    }
}
