package io.jnsq.common.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * How a route's result or {@link HttpException} becomes a response: NSQ's {@code http_api.V1} and
 * {@code http_api.PlainText} decorators. Every handler outcome is mapped here.
 */
public enum ResponseFormat {
    /**
     * Always carries {@code X-NSQ-Content-Type: nsq; version=1.0}. Success: {@code null} → empty 200, a String →
     * its text, anything else → JSON. Error: {@code {"message":"<TEXT>"}} with the status.
     */
    V1 {
        @Override
        FullHttpResponse success(Object result) {
            if (result == null) {
                return Responses.v1(Responses.empty(200));
            }
            if (result instanceof String text) {
                return Responses.v1(Responses.text(200, text));
            }
            return Responses.v1(Responses.json(200, result));
        }

        @Override
        FullHttpResponse error(HttpException e) {
            return Responses.v1Error(e.status(), e.getMessage());
        }
    },

    /** The text as the body, for success and error alike; anything but text is a handler bug (500). */
    PLAIN_TEXT {
        @Override
        FullHttpResponse success(Object result) {
            if (result instanceof String text) {
                return Responses.text(200, text);
            }
            // NSQ's PlainText decorator panics on other results, which its panic handler answers with a 500.
            throw new IllegalStateException("unknown response type " + (result == null ? "nil" : result.getClass()));
        }

        @Override
        FullHttpResponse error(HttpException e) {
            return Responses.text(e.status(), e.getMessage());
        }
    },

    /**
     * A {@link Payload}: its bytes with its content type (and encoding), for formats NSQ does not have, such as
     * Prometheus's. Errors are text, as for {@link #PLAIN_TEXT}.
     */
    RAW {
        @Override
        FullHttpResponse success(Object result) {
            if (result instanceof Payload payload) {
                return Responses.payload(200, payload);
            }
            throw new IllegalStateException("unknown response type " + (result == null ? "nil" : result.getClass()));
        }

        @Override
        FullHttpResponse error(HttpException e) {
            return Responses.text(e.status(), e.getMessage());
        }
    };

    abstract FullHttpResponse success(Object result);

    abstract FullHttpResponse error(HttpException e);
}
