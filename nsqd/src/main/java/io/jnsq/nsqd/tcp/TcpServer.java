package io.jnsq.nsqd.tcp;

import io.jnsq.nsqd.ListenAddress;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.net.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** The TCP listener: accepts V2 clients and tracks them so shutdown can close them all. */
public final class TcpServer implements AutoCloseable {
    private final EventLoops loops;
    private final Channel listener;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private TcpServer(Nsqd nsqd, EventLoops loops) throws IOException {
        this.loops = loops;
        AtomicLong clientIds = new AtomicLong();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client that shuts down its sending side still gets the answer to a command it cut short.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 512 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new ProtocolV2Handler(nsqd, clientIds.incrementAndGet()));
                    }
                });
        InetSocketAddress address = ListenAddress.parse(nsqd.options().tcpAddress);
        try {
            listener = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted binding " + address, e);
        } catch (Exception e) {
            throw new IOException("listen (" + address + ") failed - " + e.getMessage(), e);
        }
    }

    /** Binds {@code --tcp-address} and starts accepting. */
    public static TcpServer start(Nsqd nsqd, EventLoops loops) throws IOException {
        return new TcpServer(nsqd, loops);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops accepting, then closes every client connection. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        clients.close().awaitUninterruptibly();
    }
}
