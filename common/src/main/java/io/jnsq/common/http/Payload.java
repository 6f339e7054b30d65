package io.jnsq.common.http;

/**
 * A response body whose handler picks its type, for {@link ResponseFormat#RAW} routes.
 *
 * @param contentEncoding {@code gzip} for a compressed body, or {@code null}
 */
public record Payload(String contentType, String contentEncoding, byte[] body) {
}
