package io.jnsq.testwire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP for tests: every request with a timeout, any failure unchecked, the answer's body as text. */
public final class TestHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // as NSQ's own clients; no h2c upgrade headers
            .connectTimeout(TIMEOUT).build();

    private TestHttp() {
    }

    /** {@code GET http://<address><pathAndQuery>}, address as {@code host:port}. */
    public static HttpResponse<String> get(String address, String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(address, pathAndQuery)).GET());
    }

    /** {@code POST http://<address><pathAndQuery>} with {@code body}. */
    public static HttpResponse<String> post(String address, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(uri(address, pathAndQuery)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code PUT http://<address><pathAndQuery>} with {@code body}. */
    public static HttpResponse<String> put(String address, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(uri(address, pathAndQuery)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends the request, with a 5 s timeout unless it has one. */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        if (built.timeout().isEmpty()) {
            built = request.timeout(TIMEOUT).build();
        }
        try {
            return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static URI uri(String address, String pathAndQuery) {
        return URI.create("http://" + address + pathAndQuery);
    }
}
