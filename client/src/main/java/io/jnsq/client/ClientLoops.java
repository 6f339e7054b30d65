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
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Netty threads the client's connections run on, on epoll where the platform has it. One group is shared by
 * every open producer and consumer of the process, as a Go program shares its runtime: daemon threads, so an
 * application that forgets to close a client still exits. When the last one is closed the threads end: a program
 * that exits then leaves no thread waiting in epoll, which the JVM's exit would wait 300 ms for.
 */
final class ClientLoops {
    private static ClientLoops current;
    private static int users;

    private final boolean epoll;
    private final EventLoopGroup group;

    private ClientLoops(boolean epoll) {
        this.epoll = epoll;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("jnsq-client", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The threads for one more producer or consumer, started if there are none. */
    static synchronized ClientLoops acquire() {
        if (current == null) {
            current = new ClientLoops(Epoll.isAvailable());
        }
        users++;
        return current;
    }

    /**
     * A producer or consumer is closed; after the last one the threads end, and this waits briefly for them unless
     * it runs on one of them (a handler that closes its own consumer).
     */
    static void release(ClientLoops loops) {
        synchronized (ClientLoops.class) {
            if (loops != current || --users > 0) {
                return;
            }
            current = null;
        }
        Future<?> ended = loops.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        for (EventExecutor loop : loops.group) {
            if (loop.inEventLoop()) {
                return;
            }
        }
        ended.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** The producers and consumers open now; for tests. */
    static synchronized int users() {
        return users;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends SocketChannel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
