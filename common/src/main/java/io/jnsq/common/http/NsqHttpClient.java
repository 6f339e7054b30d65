package io.jnsq.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.Lazy;
import io.jnsq.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private final Duration requestTimeout;
    /** Made at the first request: the JDK's client loads its TLS defaults (the CA store) as it is built. */
    private final Lazy<HttpClient> http;

    /**
     * @param trust checks servers reached over HTTPS; {@code null} for the JDK's default roots
     */
    public NsqHttpClient(Duration connectTimeout, Duration requestTimeout, SSLContext trust) {
        this.requestTimeout = requestTimeout;
        this.http = new Lazy<>(() -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout);
            if (trust != null) {
                builder.sslContext(trust);
            }
            return builder.build();
        });
    }

    /**
     * GETs {@code url}.
     *
     * @return the body of a {@code 200}; fails with {@link StatusException} for any other status, or with the
     *     I/O error, or with {@link IllegalArgumentException} for a URL that is none
     */
    public CompletableFuture<byte[]> get(String url) {
        return send(url, b -> b.GET());
    }

    /** POSTs {@code body} to {@code url}; answers as {@link #get}. */
    public CompletableFuture<byte[]> post(String url, String contentType, byte[] body) {
        return send(url, b -> b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private interface Method {
        HttpRequest.Builder apply(HttpRequest.Builder builder);
    }

    private CompletableFuture<byte[]> send(String url, Method method) {
        HttpRequest request;
        try {
            request = request(url, method);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.get().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenCompose(response -> {
            String https = response.statusCode() == 403 ? httpsUrl(url, response.body()) : null;
            if (https == null) {
                return CompletableFuture.completedFuture(body(response));
            }
            return http.get().sendAsync(request(https, method), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(NsqHttpClient::body);
        });
    }

    private HttpRequest request(String url, Method method) {
        return method.apply(HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).header("Accept", ACCEPT))
                .build();
    }

    private static byte[] body(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new StatusException(response.statusCode());
        }
        return response.body();
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
        StatusException(int status) {
            super("got response " + status, null, false, false);
        }
    }
}
