package io.jnsq.httpclient;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GoHttpClientTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final GoHttpClient http = new GoHttpClient(SECOND, Duration.ofSeconds(5), null, true);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    /** What the server saw of a request: method, path, Content-Length, body. */
    private record Seen(String method, String path, String length, String body) {
    }

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            String path = exchange.getRequestURI().toString();
            seen.add(new Seen(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Content-Length"), body).toString());
            answer(exchange, path);
        });
        server.start();
    }

    private void answer(HttpExchange exchange, String path) throws IOException {
        if (path.startsWith("/redirect/")) {
            String[] parts = path.split("/", 4); // "", "redirect", status, where to
            exchange.getResponseHeaders().set("Location", "/" + parts[3]);
            exchange.sendResponseHeaders(Integer.parseInt(parts[2]), -1);
        } else if (path.startsWith("/loop")) {
            exchange.getResponseHeaders().set("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
        } else if (path.equals("/missing")) {
            byte[] body = "no such thing".getBytes(UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
        } else if (path.equals("/slow")) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
        } else {
            byte[] body = ("hello " + exchange.getRequestHeaders().getFirst("X-Test")).getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void answersWithStatusAndBodyAndSendsTheHeadersGiven() throws IOException {
        GoHttpClient.Response response = http.send("GET", url("/x"), Map.of("X-Test", "there"), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), UTF_8)).isEqualTo("hello there");
    }

    @Test
    void anAsynchronousRequestAnswersOnItsFutureAndFailsWithTheSameWords() throws Exception {
        assertThat(http.sendAsync("GET", url("/x"), Map.of("X-Test", "later"), null).get(5, TimeUnit.SECONDS).body())
                .asString(UTF_8).isEqualTo("hello later");

        assertThatThrownBy(() -> http.sendAsync("GET", "ftp://127.0.0.1/", Map.of(), null).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessage("Get \"ftp://127.0.0.1/\": unsupported protocol scheme \"ftp\"");
    }

    @Test
    void anErrorStatusComesWithItsBody() throws IOException {
        GoHttpClient.Response response = http.send("GET", url("/missing"), Map.of(), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(new String(response.body(), UTF_8)).isEqualTo("no such thing");
    }

    @Test
    void aPostWithoutABodySaysItsLengthIsZeroAsGoDoes() throws IOException {
        http.send("POST", url("/topic/pause?topic=t"), Map.of(), null);

        assertThat(seen).containsExactly(new Seen("POST", "/topic/pause?topic=t", "0", "").toString());
    }

    @Test
    void redirectsAreFollowedAsGosClientFollowsThem() throws IOException {
        for (int status : List.of(301, 302, 303)) {
            http.send("POST", url("/redirect/" + status + "/to"), Map.of(), "b".getBytes(UTF_8));
        }
        for (int status : List.of(307, 308)) {
            http.send("POST", url("/redirect/" + status + "/to"), Map.of(), "b".getBytes(UTF_8));
        }

        assertThat(seen).filteredOn(s -> s.contains("path=/to,")).containsExactly(
                new Seen("GET", "/to", null, "").toString(),
                new Seen("GET", "/to", null, "").toString(),
                new Seen("GET", "/to", null, "").toString(),
                new Seen("POST", "/to", "1", "b").toString(),
                new Seen("POST", "/to", "1", "b").toString());
    }

    @Test
    void aRedirectIsAnswerEnoughWhenNotFollowed() throws IOException {
        GoHttpClient direct = new GoHttpClient(SECOND, SECOND, null, false);

        assertThat(direct.send("GET", url("/redirect/302/to"), Map.of(), null).status()).isEqualTo(302);
        assertThat(seen).hasSize(1);
    }

    @Test
    void tenRedirectsAreTheMost() {
        assertThatThrownBy(() -> http.send("GET", url("/loop"), Map.of(), null))
                .hasMessage("Get \"" + url("/loop") + "\": stopped after 10 redirects");
        assertThat(seen).hasSize(11);
    }

    @Test
    void failuresAreWordedAsGosClientWordsThem() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String refused = "http://127.0.0.1:" + closed + "/stats";
        assertThatThrownBy(() -> http.send("GET", refused, Map.of(), null))
                .hasMessage("Get \"" + refused + "\": connection refused");
        assertThatThrownBy(() -> http.send("POST", "http://bad host/", Map.of(), null))
                .hasMessageStartingWith("parse \"http://bad host/\": ");
        assertThatThrownBy(() -> http.send("GET", "ftp://127.0.0.1/", Map.of(), null))
                .hasMessage("Get \"ftp://127.0.0.1/\": unsupported protocol scheme \"ftp\"");

        GoHttpClient impatient = new GoHttpClient(SECOND, Duration.ofMillis(200), null, false);
        assertThatThrownBy(() -> impatient.send("GET", url("/slow"), Map.of(), null))
                .hasMessage("Get \"" + url("/slow") + "\": context deadline exceeded"
                        + " (Client.Timeout exceeded while awaiting headers)");
    }
}
