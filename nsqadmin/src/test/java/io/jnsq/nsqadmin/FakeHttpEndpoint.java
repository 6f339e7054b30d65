package io.jnsq.nsqadmin;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP peer for tests (a notification endpoint, graphite): records each request and answers every one
 * with the same status, content type and body.
 */
final class FakeHttpEndpoint implements AutoCloseable {
    /** What arrived. */
    record Received(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    FakeHttpEndpoint(int status, String contentType, String body) {
        this(null, status, contentType, body);
    }

    /** @param tls an HTTPS endpoint's server context, or {@code null} for plain HTTP */
    FakeHttpEndpoint(SSLContext tls, int status, String contentType, String body) {
        try {
            if (tls == null) {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(request, StandardCharsets.UTF_8)));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request, waiting for it for at most {@code timeout}. */
    Received take(Duration timeout) throws InterruptedException {
        Received next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no request within " + timeout);
        }
        return next;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
