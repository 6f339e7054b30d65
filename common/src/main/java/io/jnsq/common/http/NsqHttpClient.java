package io.jnsq.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.json.Json;
import io.jnsq.httpclient.GoHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * The HTTP client NSQ's daemons use towards each other and their auth servers (NSQ's {@code http_api.Client}):
 * HTTP/1.1, NSQ's {@code Accept} header, connect and request timeouts, only {@code 200} accepted, and a plain-HTTP
 * {@code 403} whose JSON names an {@code https_port} asked again over HTTPS. Asynchronous, so no event loop waits.
 */
public final class NsqHttpClient {
    /** Asks NSQ's daemons for their bare (version 1.0) JSON answers. */
    public static final String ACCEPT = "application/vnd.nsq; version=1.0";
    private static final Map<String, String> HEADERS = Map.of("Accept", ACCEPT);

    private final GoHttpClient http;

    /**
     * @param trust checks servers reached over HTTPS; {@code null} for the JDK's default roots
     */
    public NsqHttpClient(Duration connectTimeout, Duration requestTimeout, SSLContext trust) {
        this.http = new GoHttpClient(connectTimeout, requestTimeout, trust, false);
    }

    /**
     * GETs {@code url}.
     *
     * @return the body of a {@code 200}; fails with {@link StatusException} for any other status, or with the
     *     I/O error worded as Go's client words it
     */
    public CompletableFuture<byte[]> get(String url) {
        return send("GET", url, null);
    }

    /** POSTs {@code body} to {@code url}; answers as {@link #get}. */
    public CompletableFuture<byte[]> post(String url, String contentType, byte[] body) {
        return send("POST", url, body, Map.of("Accept", ACCEPT, "Content-Type", contentType));
    }

    /** POSTs nothing to {@code url} (NSQ's actions: {@code /topic/pause?topic=...}); answers as {@link #get}. */
    public CompletableFuture<byte[]> post(String url) {
        return send("POST", url, null);
    }

    private CompletableFuture<byte[]> send(String method, String url, byte[] body) {
        return send(method, url, body, HEADERS);
    }

    private CompletableFuture<byte[]> send(String method, String url, byte[] body, Map<String, String> headers) {
        return http.sendAsync(method, url, headers, body).thenCompose(response -> {
            String https = response.status() == 403 ? httpsUrl(url, response.body()) : null;
            return https == null ? CompletableFuture.completedFuture(response)
                    : http.sendAsync(method, https, headers, body);
        }).thenApply(response -> {
            if (response.status() != 200) {
                throw new StatusException(response.status(), response.body());
            }
            return response.body();
        });
    }

    /** The URL on the {@code https_port} a TLS-requiring server named in its 403, or {@code null}. */
    static String httpsUrl(String url, byte[] forbiddenBody) {
        if (!url.startsWith("http:")) {
            return null;
        }
        try {
            JsonNode port = Json.mapper().readTree(forbiddenBody).get("https_port");
            if (port == null || !port.canConvertToInt()) {
                return null;
            }
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return "https://" + userInfo + uri.getHost() + ":" + port.asInt() + uri.getRawPath() + query;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Go's {@code url.QueryEscape}: like form encoding, but '~' is kept and '*' escaped. */
    public static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    /** A server answered with another status than {@code 200}. */
    public static final class StatusException extends RuntimeException {
        private final int status;
        private final transient byte[] body;

        StatusException(int status, byte[] body) {
            super("got response " + status, null, false, false);
            this.status = status;
            this.body = body;
        }

        /** The status the server answered with. */
        public int status() {
            return status;
        }

        /** The body of that answer. */
        public byte[] body() {
            return body;
        }
    }
}
