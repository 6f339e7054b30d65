package io.jnsq.nsqd.http;

import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.net.EventLoops;
import io.jnsq.nsqd.net.Listener;
import io.jnsq.protocol.HostPort;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.jnsq.nsqd.tls.TlsConfig;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An HTTP listener serving a {@link Router}: the plain listener on {@code --http-address}, and (with a TLS
 * handler in front) the HTTPS one. Tracks its connections so that closing it closes them all.
 *
 * <pre>
 * pipeline: [tls] → RequestDecoder (Go's request-line rules) → HttpResponseEncoder → HttpServerHandler (router)
 * </pre>
 */
public final class HttpServer implements AutoCloseable {
    /** {@code --tls-required=true}; {@code tcp-https} (1) leaves plain HTTP open. */
    private static final int TLS_REQUIRED = 2;
    private final Listener listener;

    private HttpServer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code --http-address} and serves nsqd's HTTP API, or, when {@code --tls-required=true}, refuses
     * every request with NSQ's 403 pointing to the HTTPS port.
     */
    public static HttpServer start(Nsqd nsqd, EventLoops loops, Router api, int httpsPort) throws IOException {
        Router router = nsqd.options().tlsRequired == TLS_REQUIRED ? Router.refusingAll(() -> tlsRequired(httpsPort))
                : api;
        return listen(HostPort.parse(nsqd.options().httpAddress).listenAddress(), loops, router, null);
    }

    /** Binds {@code --https-address} and serves nsqd's HTTP API over TLS. */
    public static HttpServer startHttps(Nsqd nsqd, EventLoops loops, Router api, TlsConfig tls) throws IOException {
        return listen(HostPort.parse(nsqd.options().httpsAddress).listenAddress(), loops, api,
                ch -> tls.newHandler(ch.alloc()));
    }

    /** nsqd's routes, built once and shared by the HTTP and HTTPS listeners. */
    public static Router api(Nsqd nsqd) {
        return HttpApi.routes(nsqd);
    }

    /** NSQ's answer on plain HTTP when TLS is required, byte for byte (its spaces included). */
    private static FullHttpResponse tlsRequired(int httpsPort) {
        byte[] body = ("{\"message\": \"TLS_REQUIRED\", \"https_port\": " + httpsPort + "}")
                .getBytes(StandardCharsets.US_ASCII);
        return Responses.v1(Responses.payload(403, new Payload(Responses.JSON, null, body)));
    }

    /**
     * Binds {@code address} and serves {@code router}; {@code tls}, when not {@code null}, makes the first handler
     * of each connection (an {@code SslHandler}) for the HTTPS listener.
     */
    static HttpServer listen(InetSocketAddress address, EventLoops loops, Router router,
                             Function<Channel, ChannelHandler> tls) throws IOException {
        return new HttpServer(Listener.bind(loops, address, ch -> {
            ChannelPipeline pipeline = ch.pipeline();
            if (tls != null) {
                pipeline.addLast("tls", tls.apply(ch));
            }
            pipeline.addLast("decoder", new RequestDecoder());
            pipeline.addLast("encoder", new HttpResponseEncoder());
            pipeline.addLast("handler", new HttpServerHandler(router));
        }));
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
