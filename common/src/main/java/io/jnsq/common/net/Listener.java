package io.jnsq.common.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A bound server socket and the connections it accepted, so that closing it stops accepting and then closes
 * every connection (nsqd's shutdown order). Connections get TCP_NODELAY, as Go sets by default.
 */
public final class Listener implements AutoCloseable {
    private final Channel channel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private Listener(EventLoops loops, InetSocketAddress address, Consumer<Channel> initConnection)
            throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    /** Said outright: Netty would otherwise read the class's annotations, slowly, at first use. */
                    @Override
                    public boolean isSharable() {
                        return true;
                    }

                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        initConnection.accept(ch);
                    }
                });
        try {
            channel = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted binding " + address, e);
        } catch (Exception e) {
            throw new IOException("listen (" + address + ") failed - " + e.getMessage(), e);
        }
    }

    /** Binds {@code address}; {@code initConnection} sets up the pipeline of each accepted connection. */
    public static Listener bind(EventLoops loops, InetSocketAddress address, Consumer<Channel> initConnection)
            throws IOException {
        return new Listener(loops, address, initConnection);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, then closes every connection. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }
}
