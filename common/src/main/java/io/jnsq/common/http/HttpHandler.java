package io.jnsq.common.http;

/**
 * One route's work. The result is the response body: {@code null} for none, a {@code String} sent as text,
 * anything else sent as JSON (see {@link ResponseFormat}). A {@link java.util.concurrent.CompletionStage} is
 * answered once it completes, with its value or failure (an {@link HttpException}, possibly wrapped in a
 * {@code CompletionException}); a value that is itself a {@code CompletionStage} is waited for in turn. The
 * connection reads nothing more meanwhile.
 */
@FunctionalInterface
public interface HttpHandler {
    Object handle(Request request) throws HttpException;
}
