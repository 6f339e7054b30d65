package io.jnsq.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty threads the client's connections run on. One group is shared by every producer and consumer of the
 * process, as a Go program shares its runtime: daemon threads, so an application that forgets to close a client
 * still exits.
 */
final class ClientLoops {
    private static final class Shared {
        static final ClientLoops INSTANCE = new ClientLoops(new MultiThreadIoEventLoopGroup(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("jnsq-client", true), NioIoHandler.newFactory()));
    }

    private final EventLoopGroup group;

    private ClientLoops(EventLoopGroup group) {
        this.group = group;
    }

    static ClientLoops shared() {
        return Shared.INSTANCE;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends SocketChannel> channelType() {
        return NioSocketChannel.class;
    }
}
