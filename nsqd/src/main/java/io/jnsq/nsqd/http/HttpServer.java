package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpListener;
import io.jnsq.common.http.Payload;
import io.jnsq.common.http.Responses;
import io.jnsq.common.http.Router;
import io.jnsq.common.net.EventLoops;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.HostPort;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * nsqd's HTTP listeners, each an {@link HttpListener}: the plain one on {@code --http-address}, and the HTTPS one
 * on {@code --https-address} (a TLS handler in front) serving the same routes.
 */
public final class HttpServer implements AutoCloseable {
    /** {@code --tls-required=true}; {@code tcp-https} (1) leaves plain HTTP open. */

    private final HttpListener listener;

    private HttpServer(HttpListener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code --http-address} and serves nsqd's HTTP API, or, when {@code --tls-required=true}, refuses
     * every request with NSQ's 403 pointing to the HTTPS port.
     */
    public static HttpServer start(Daemon nsqd, EventLoops loops, Router api, int httpsPort) throws IOException {
        Router router = nsqd.options().tlsRequired == NsqdOptions.TLS_REQUIRED
                ? Router.refusingAll(() -> tlsRequired(httpsPort)) : api;
        return new HttpServer(HttpListener.listen(HostPort.parse(nsqd.options().httpAddress).listenAddress(), loops,
                router, null));
    }

    /** Binds {@code --https-address} and serves nsqd's HTTP API over TLS. */
    public static HttpServer startHttps(Daemon nsqd, EventLoops loops, Router api, TlsConfig tls) throws IOException {
        return new HttpServer(HttpListener.listen(HostPort.parse(nsqd.options().httpsAddress).listenAddress(), loops,
                api, tls::secure));
    }

    /** nsqd's routes, built once and shared by the HTTP and HTTPS listeners. */
    public static Router api(Daemon nsqd) {
        return HttpApi.routes(nsqd);
    }

    /** NSQ's answer on plain HTTP when TLS is required, byte for byte (its spaces included). */
    private static FullHttpResponse tlsRequired(int httpsPort) {
        byte[] body = ("{\"message\": \"TLS_REQUIRED\", \"https_port\": " + httpsPort + "}")
                .getBytes(StandardCharsets.US_ASCII);
        return Responses.v1(Responses.payload(403, new Payload(Responses.JSON, null, body)));
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Stops accepting, then closes every connection. */
    @Override
    public void close() {
        listener.close();
    }
}
