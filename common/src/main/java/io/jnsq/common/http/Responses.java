package io.jnsq.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jnsq.common.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Response builders. Header names are spelled as Go's net/http puts them on the wire (canonical form, so
 * {@code X-Nsq-Content-Type}); HTTP header names are case-insensitive, but byte-level comparisons stay honest.
 */
public final class Responses {
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    public static final AsciiString CONNECTION = AsciiString.cached("Connection");
    public static final AsciiString DATE = AsciiString.cached("Date");
    public static final AsciiString ALLOW = AsciiString.cached("Allow");
    public static final AsciiString LOCATION = AsciiString.cached("Location");
    public static final AsciiString CONTENT_ENCODING = AsciiString.cached("Content-Encoding");
    public static final AsciiString NSQ_CONTENT_TYPE = AsciiString.cached("X-Nsq-Content-Type");
    public static final String NSQ_V1 = "nsq; version=1.0";
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    private Responses() {
    }

    public static FullHttpResponse empty(int status) {
        return body(status, Unpooled.EMPTY_BUFFER);
    }

    /** A text body; Go sniffs {@code text/plain} for the texts nsqd sends (and no type for an empty body). */
    public static FullHttpResponse text(int status, String text) {
        FullHttpResponse response = body(status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        if (!text.isEmpty()) {
            response.headers().set(CONTENT_TYPE, TEXT);
        }
        return response;
    }

    public static FullHttpResponse json(int status, Object value) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
        FullHttpResponse response = body(status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(CONTENT_TYPE, JSON);
        return response;
    }

    public static FullHttpResponse payload(int status, Payload payload) {
        FullHttpResponse response = body(status, Unpooled.wrappedBuffer(payload.body()));
        response.headers().set(CONTENT_TYPE, payload.contentType());
        if (payload.contentEncoding() != null) {
            response.headers().set(CONTENT_ENCODING, payload.contentEncoding());
        }
        return response;
    }

    public static FullHttpResponse v1(FullHttpResponse response) {
        response.headers().set(NSQ_CONTENT_TYPE, NSQ_V1);
        return response;
    }

    public static FullHttpResponse v1Error(int status, String message) {
        return v1(json(status, Map.of("message", message)));
    }

    public static FullHttpResponse notFound() {
        return v1Error(404, "NOT_FOUND");
    }

    public static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse response = v1Error(405, "METHOD_NOT_ALLOWED");
        response.headers().set(ALLOW, allow);
        return response;
    }

    /** A handler threw: NSQ's panic handler. */
    public static FullHttpResponse internalError() {
        return v1Error(500, "INTERNAL_ERROR");
    }

    public static FullHttpResponse options(String allow) {
        FullHttpResponse response = empty(200);
        response.headers().set(ALLOW, allow);
        return response;
    }

    /** Go's {@code http.Redirect}: a short HTML body for GET only. */
    public static FullHttpResponse redirect(String method, int status, String location) {
        FullHttpResponse response;
        if (method.equals("GET")) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            response = body(status, Unpooled.copiedBuffer(
                    "<a href=\"" + htmlEscape(location) + "\">" + reason + "</a>.\n\n", StandardCharsets.UTF_8));
            response.headers().set(CONTENT_TYPE, HTML);
        } else {
            response = empty(status);
            if (method.equals("HEAD")) {
                response.headers().set(CONTENT_TYPE, HTML);
            }
        }
        response.headers().set(LOCATION, location);
        return response;
    }

    /**
     * What Go's server writes, before closing, for a request it cannot parse: not a response object, raw bytes.
     * {@code detail} is empty for a bare {@code 400 Bad Request}.
     */
    static ByteBuf malformed(int status, String detail) {
        String line = status + " " + HttpResponseStatus.valueOf(status).reasonPhrase()
                + (detail.isEmpty() ? "" : ": " + detail);
        String raw = "HTTP/1.1 " + line + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                + line;
        return Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII);
    }

    private static FullHttpResponse body(int status, ByteBuf content) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        response.headers().set(CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    private static String htmlEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&#34;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
