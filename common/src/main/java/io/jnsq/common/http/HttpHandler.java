package io.jnsq.common.http;

/**
 * One route's work. The result is the response body: {@code null} for none, a {@code String} sent as text,
 * anything else sent as JSON (see {@link ResponseFormat}).
 */
@FunctionalInterface
public interface HttpHandler {
    Object handle(Request request) throws HttpException;
}
