package io.jnsq.common.http;

import io.jnsq.common.net.EventLoops;
import io.jnsq.common.net.Listener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * An HTTP listener serving a {@link Router} with Go's net/http conventions. Tracks its connections so that closing
 * it closes them all.
 *
 * <pre>
 * pipeline: [tls] → RequestDecoder (Go's request-line rules) → HttpResponseEncoder → [compressor]
 *           → HttpServerHandler (router)
 * </pre>
 */
public final class HttpListener implements AutoCloseable {
    private final Listener listener;

    private HttpListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code address} and serves {@code router}; {@code tls}, when not {@code null}, puts TLS first in each
     * connection's pipeline (an {@code SslHandler}) for an HTTPS listener.
     */
    public static HttpListener listen(InetSocketAddress address, EventLoops loops, Router router,
                                      Consumer<Channel> tls) throws IOException {
        return listen(address, loops, router, tls, false);
    }

    /**
     * As {@link #listen(InetSocketAddress, EventLoops, Router, Consumer)}; with {@code compress}, every response is
     * gzip- or deflate-encoded when the request accepts it (NSQ's {@code http_api.CompressHandler}, as nsqadmin
     * serves).
     */
    public static HttpListener listen(InetSocketAddress address, EventLoops loops, Router router,
                                      Consumer<Channel> tls, boolean compress) throws IOException {
        return new HttpListener(Listener.bind(loops, address, ch -> serve(ch, router, tls, compress)));
    }

    /**
     * Sets up one connection's pipeline to serve {@code router}, as {@link #listen} does for each connection it
     * accepts; public for what no socket gives, such as a test's {@code EmbeddedChannel}, whose remote address is
     * none of IP.
     */
    public static void serve(Channel ch, Router router, Consumer<Channel> tls, boolean compress) {
        ChannelPipeline pipeline = ch.pipeline();
        if (tls != null) {
            tls.accept(ch);
        }
        pipeline.addLast("decoder", new RequestDecoder());
        pipeline.addLast("encoder", new HttpResponseEncoder());
        if (compress) {
            // between the two: it reads each request's Accept-Encoding and encodes the response written back
            pipeline.addLast("compressor", new HttpContentCompressor());
        }
        pipeline.addLast("handler", new HttpServerHandler(router));
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
