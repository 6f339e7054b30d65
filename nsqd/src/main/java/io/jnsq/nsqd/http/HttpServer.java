package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpListener;
import io.jnsq.common.http.Router;
import io.jnsq.common.net.EventLoops;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.protocol.HostPort;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * An HTTP listener serving a {@link Router}: the plain listener on {@code --http-address}, and (with a TLS
 * handler in front) the HTTPS one, each an {@link HttpListener}.
 */
public final class HttpServer implements AutoCloseable {
    private final HttpListener listener;

    private HttpServer(HttpListener listener) {
        this.listener = listener;
    }

    /** Binds {@code --http-address} and serves nsqd's HTTP API. */
    public static HttpServer start(Nsqd nsqd, EventLoops loops) throws IOException {
        return listen(HostPort.parse(nsqd.options().httpAddress).listenAddress(), loops, HttpApi.routes(nsqd), null);
    }

    /**
     * Binds {@code address} and serves {@code router}; {@code tls}, when not {@code null}, makes the first handler
     * of each connection (an {@code SslHandler}) for the HTTPS listener.
     */
    static HttpServer listen(InetSocketAddress address, EventLoops loops, Router router,
                             Function<Channel, ChannelHandler> tls) throws IOException {
        return new HttpServer(HttpListener.listen(address, loops, router, tls));
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
