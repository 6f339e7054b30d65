package io.jnsq.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty threads the client's connections run on, on epoll where the platform has it. One group is shared by
 * every producer and consumer of the process, as a Go program shares its runtime: daemon threads, so an
 * application that forgets to close a client still exits.
 */
final class ClientLoops {
    private static final class Shared {
        static final ClientLoops INSTANCE = new ClientLoops(Epoll.isAvailable());
    }

    private final boolean epoll;
    private final EventLoopGroup group;

    private ClientLoops(boolean epoll) {
        this.epoll = epoll;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("jnsq-client", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static ClientLoops shared() {
        return Shared.INSTANCE;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends SocketChannel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
