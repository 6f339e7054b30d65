package io.jnsq.nsqd.auth;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** An auth server on 127.0.0.1:0 answering every request with the status and body it was last told. */
public final class FakeAuthServer implements AutoCloseable {
    public record Request(String method, String uri, String accept, String contentType, String body) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "";
    private final HttpServer server;

    public FakeAuthServer() {
        this(null);
    }

    /** Over HTTPS with {@code tls}'s certificate, or plain HTTP when {@code null}. */
    public FakeAuthServer(SSLContext tls) {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(in, StandardCharsets.UTF_8)));
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    public void answer(int newStatus, String newBody) {
        status = newStatus;
        body = newBody;
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
