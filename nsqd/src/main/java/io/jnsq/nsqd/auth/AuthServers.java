package io.jnsq.nsqd.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --auth-http-address} servers, asked as NSQ's {@code QueryAnyAuthd}: starting at a random one and
 * rotating through the rest until one answers. Queries are asynchronous so no event loop waits on them.
 */
public final class AuthServers {
    private static final Logger log = LoggerFactory.getLogger(AuthServers.class);
    private static final String ACCEPT = "application/vnd.nsq; version=1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> endpoints;
    private final boolean post;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** {@code trust} checks auth servers reached over HTTPS; {@code null} for the JDK's default roots. */
    public AuthServers(List<String> addresses, String method, Duration connectTimeout, Duration requestTimeout,
                       SSLContext trust) {
        this.endpoints = addresses.stream()
                .map(a -> a.contains("://") ? a : "http://" + a + "/auth")
                .toList();
        this.post = "post".equals(method);
        this.requestTimeout = requestTimeout;
        // HTTP/1.1 as Go's client; NSQ does not follow redirects for auth either way that matters here.
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (trust != null) {
            http.sslContext(trust);
        }
        this.http = http.build();
    }

    /** Queries the servers for a secret; fails with the last server's error if none answers acceptably. */
    public CompletableFuture<AuthState> query(String remoteIp, boolean tls, String commonName, String secret) {
        Map<String, String> params = new TreeMap<>();
        params.put("common_name", commonName);
        params.put("remote_ip", remoteIp);
        params.put("secret", secret);
        params.put("tls", Boolean.toString(tls));
        int start = ThreadLocalRandom.current().nextInt(endpoints.size());
        return attempt(params, start, 0, null);
    }

    private CompletableFuture<AuthState> attempt(Map<String, String> params, int start, int i, Throwable last) {
        if (i == endpoints.size()) {
            return CompletableFuture.failedFuture(last);
        }
        String endpoint = endpoints.get((start + i) % endpoints.size());
        CompletableFuture<AuthState> one;
        try {
            one = send(endpoint, params);
        } catch (IllegalArgumentException e) {
            one = CompletableFuture.failedFuture(e); // an address that is no URI
        }
        return one.handle((state, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(state);
            }
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.warn("Error: failed auth against {} {}", endpoint, cause.toString());
            return attempt(params, start, i + 1, cause);
        }).thenCompose(f -> f);
    }

    /** One server: a {@code 403} naming an {@code https_port} is asked again over HTTPS, as NSQ's client does. */
    private CompletableFuture<AuthState> send(String endpoint, Map<String, String> params) {
        return http.sendAsync(request(endpoint, params), HttpResponse.BodyHandlers.ofByteArray())
                .thenCompose(response -> {
                    String https = response.statusCode() == 403 ? httpsEndpoint(endpoint, response.body()) : null;
                    if (https == null) {
                        return CompletableFuture.completedFuture(state(response));
                    }
                    return http.sendAsync(request(https, params), HttpResponse.BodyHandlers.ofByteArray())
                            .thenApply(AuthServers::state);
                });
    }

    /** The endpoint on the {@code https_port} a TLS-requiring server named, or {@code null}. */
    static String httpsEndpoint(String endpoint, byte[] forbiddenBody) {
        if (!endpoint.startsWith("http:")) {
            return null;
        }
        try {
            JsonNode port = JSON.readTree(forbiddenBody).get("https_port");
            if (port == null || !port.canConvertToInt()) {
                return null;
            }
            URI uri = URI.create(endpoint);
            String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
            return "https://" + userInfo + uri.getHost() + ":" + port.asInt() + uri.getRawPath();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private HttpRequest request(String endpoint, Map<String, String> params) {
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(requestTimeout).header("Accept", ACCEPT);
        if (post) {
            // Go marshals url.Values: every value is a one-element array, keys sorted.
            String json = params.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":[" + quote(e.getValue()) + "]")
                    .collect(Collectors.joining(",", "{", "}"));
            return b.uri(URI.create(endpoint)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }
        String query = params.entrySet().stream()
                .map(e -> queryEscape(e.getKey()) + "=" + queryEscape(e.getValue()))
                .collect(Collectors.joining("&"));
        return b.uri(URI.create(endpoint + "?" + query)).GET().build();
    }

    private static AuthState state(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new AuthServerException("got response " + response.statusCode());
        }
        try {
            return AuthReply.parse(response.body(), System.nanoTime());
        } catch (IOException e) {
            throw new AuthServerException(e.getMessage());
        }
    }

    /** Go's url.QueryEscape: like form encoding, but '~' is kept and '*' escaped. */
    static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An auth server answered, but not acceptably. */
    static final class AuthServerException extends RuntimeException {
        AuthServerException(String message) {
            super(message, null, false, false);
        }
    }
}
