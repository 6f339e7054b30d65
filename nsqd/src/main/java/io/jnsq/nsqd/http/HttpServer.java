package io.jnsq.nsqd.http;

import io.jnsq.nsqd.ListenAddress;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.net.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
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
    private final Channel listener;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private HttpServer(InetSocketAddress address, EventLoops loops, Router router,
                       Function<Channel, ChannelHandler> tls) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ChannelPipeline pipeline = ch.pipeline();
                        if (tls != null) {
                            pipeline.addLast("tls", tls.apply(ch));
                        }
                        pipeline.addLast("decoder", new RequestDecoder());
                        pipeline.addLast("encoder", new HttpResponseEncoder());
                        pipeline.addLast("handler", new HttpServerHandler(router));
                    }
                });
        try {
            listener = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted binding " + address, e);
        } catch (Exception e) {
            throw new IOException("listen (" + address + ") failed - " + e.getMessage(), e);
        }
    }

    /** Binds {@code --http-address} and serves nsqd's HTTP API. */
    public static HttpServer start(Nsqd nsqd, EventLoops loops) throws IOException {
        return listen(ListenAddress.parse(nsqd.options().httpAddress), loops, HttpApi.routes(nsqd), null);
    }

    /**
     * Binds {@code address} and serves {@code router}; {@code tls}, when not {@code null}, makes the first handler
     * of each connection (an {@code SslHandler}) for the HTTPS listener.
     */
    static HttpServer listen(InetSocketAddress address, EventLoops loops, Router router,
                             Function<Channel, ChannelHandler> tls) throws IOException {
        return new HttpServer(address, loops, router, tls);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops accepting, then closes every connection. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }
}
