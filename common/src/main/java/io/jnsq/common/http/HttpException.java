package io.jnsq.common.http;

/**
 * An HTTP handler's refusal: the status and NSQ's message ({@code MSG_EMPTY}, {@code INVALID_TOPIC}, ...).
 * {@link ResponseFormat} turns it into a response, in one place.
 */
public final class HttpException extends Exception {
    private final int status;

    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
