package io.jnsq.nsqadmin.ui;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A scripted HTTP peer for the browser tests (graphite, an nsqd): answers each request as its script says, 404 where
 * the script has nothing, and records the requests' URIs.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** A 200 answer. */
    record Answer(String contentType, byte[] body) {
        static Answer json(String json) {
            return new Answer("application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final Queue<URI> received = new ConcurrentLinkedQueue<>();

    /** @param script the answer to a request's URI, or {@code null} for a 404 */
    ScriptedHttpServer(Function<URI, Answer> script) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI());
            Answer answer = script.apply(exchange.getRequestURI());
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(200, answer.body().length);
                exchange.getResponseBody().write(answer.body());
            }
            exchange.close();
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, oldest first. */
    List<URI> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
