package io.jnsq.common.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLSession;

/**
 * What a handler sees of a request. The body holds at most the route's body limit plus one byte, so a handler
 * can tell "exactly the limit" from "too big" the way NSQ does with {@code io.LimitReader(body, max+1)}.
 */
public final class Request {
    private final String method;
    private final RequestTarget target;
    private final Map<String, String> params;
    private final HttpHeaders headers;
    private final long contentLength;
    private final byte[] body;
    private final Peer peer;
    private QueryParams query;

    /**
     * Who sent a request: the remote address, the TLS session of an HTTPS connection ({@code null} on plain
     * HTTP), and the event loop serving the connection, where an asynchronous handler's continuation must run.
     */
    public record Peer(InetSocketAddress remote, SSLSession tls, Executor executor) {
    }

    Request(String method, RequestTarget target, Map<String, String> params, HttpHeaders headers,
            long contentLength, byte[] body, Peer peer) {
        this.method = method;
        this.target = target;
        this.params = params;
        this.headers = headers;
        this.contentLength = contentLength;
        this.body = body;
        this.peer = peer;
    }

    /** The connection the request came on. */
    public Peer peer() {
        return peer;
    }

    public String method() {
        return method;
    }

    /** The unescaped path. */
    public String path() {
        return target.path();
    }

    /** The query as sent, without its {@code ?}; empty for none. */
    public String rawQuery() {
        return target.rawQuery();
    }

    /** A {@code :name} segment of the route. */
    public String param(String name) {
        return params.get(name);
    }

    /** The parsed query; a query Go cannot parse is {@code 400 INVALID_REQUEST}, as for every nsqd route. */
    public QueryParams query() throws HttpException {
        QueryParams parsed = parsedQuery();
        if (!parsed.isValid()) {
            throw new HttpException(400, "INVALID_REQUEST");
        }
        return parsed;
    }

    private QueryParams parsedQuery() {
        if (query == null) {
            query = QueryParams.parse(target.rawQuery());
        }
        return query;
    }

    /**
     * Go's {@code req.FormValue(key)}: the first value from a form-urlencoded body of a POST, PUT or PATCH, else
     * from the query. Go ignores parse errors here, so this never fails. The route must read the body.
     */
    public String formValue(String key) {
        boolean formBody = (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
                && isFormUrlEncoded(headers.get(HttpHeaderNames.CONTENT_TYPE));
        if (formBody) {
            String value = QueryParams.parse(new String(body, StandardCharsets.ISO_8859_1)).get(key);
            if (value != null) {
                return value;
            }
        }
        return parsedQuery().get(key);
    }

    private static boolean isFormUrlEncoded(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The declared Content-Length, or -1 (chunked, or none given). */
    public long contentLength() {
        return contentLength;
    }

    /** The body read, capped at the route's limit + 1 bytes; empty when the route takes no body. */
    public byte[] body() {
        return body;
    }
}
