package io.jnsq.nsqd.auth;

import io.jnsq.common.http.NsqHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --auth-http-address} servers, asked as NSQ's {@code QueryAnyAuthd}: starting at a random one and
 * rotating through the rest until one answers. Queries are asynchronous so no event loop waits on them.
 */
public final class AuthServers {
    private static final Logger log = LoggerFactory.getLogger(AuthServers.class);

    private final List<String> endpoints;
    private final boolean post;
    private final NsqHttpClient http;

    /**
     * @param addresses {@code --auth-http-address}: {@code host:port} (asked at {@code /auth}) or whole URLs
     * @param method {@code --auth-http-request-method}: {@code get} or {@code post}
     */
    public AuthServers(List<String> addresses, String method, NsqHttpClient http) {
        this.endpoints = addresses.stream()
                .map(a -> a.contains("://") ? a : "http://" + a + "/auth")
                .toList();
        this.post = "post".equals(method);
        this.http = http;
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
        return send(endpoint, params).thenApply(AuthServers::state).handle((state, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(state);
            }
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.warn("Error: failed auth against {} {}", endpoint, cause.toString());
            return attempt(params, start, i + 1, cause);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<byte[]> send(String endpoint, Map<String, String> params) {
        if (post) {
            // Go marshals url.Values: every value is a one-element array, keys sorted.
            String json = params.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":[" + quote(e.getValue()) + "]")
                    .collect(Collectors.joining(",", "{", "}"));
            return http.post(endpoint, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
        String query = params.entrySet().stream()
                .map(e -> NsqHttpClient.queryEscape(e.getKey()) + "=" + NsqHttpClient.queryEscape(e.getValue()))
                .collect(Collectors.joining("&"));
        return http.get(endpoint + "?" + query);
    }

    private static AuthState state(byte[] body) {
        try {
            return AuthReply.parse(body, System.nanoTime());
        } catch (IOException e) {
            throw new AuthServerException(e.getMessage());
        }
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
