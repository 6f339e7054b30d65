package io.jnsq.common.net;

import io.jnsq.protocol.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
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
            throw listenFailed(address, e);
        }
    }

    /**
     * NSQ's words, Go's net error inside: {@code listen (127.0.0.1:4150) failed - listen tcp 127.0.0.1:4150: bind:
     * address already in use}.
     */
    static IOException listenFailed(InetSocketAddress address, Exception e) {
        String where = HostPort.format(address);
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!(e instanceof BindException) && !message.startsWith("bind(")) {
            return new IOException("listen (" + where + ") failed - " + message, e);
        }
        // the C library's text, after Netty's "bind(..) failed with error(-98): ", lower-cased as Go writes it
        String reason = message.substring(message.lastIndexOf(": ") + 1).trim();
        reason = reason.isEmpty() ? message : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
        return new IOException("listen (" + where + ") failed - listen tcp " + where + ": bind: " + reason, e);
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
