package io.jnsq.nsqlookupd.tcp;

import io.jnsq.common.net.EventLoops;
import io.jnsq.common.net.Listener;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The TCP listener on {@code --tcp-address}: one {@link ProtocolV1Handler} per nsqd connection. */
public final class LookupTcpServer implements AutoCloseable {
    private final Listener listener;

    private LookupTcpServer(Listener listener) {
        this.listener = listener;
    }

    /** Binds {@code address} and starts accepting. */
    public static LookupTcpServer start(Nsqlookupd lookupd, InetSocketAddress address, EventLoops loops)
            throws IOException {
        return new LookupTcpServer(Listener.bind(loops, address, ch -> {
            // A peer that shuts down its sending side inside IDENTIFY still gets NSQ's read error.
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ch.pipeline().addLast(new ProtocolV1Handler(lookupd));
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
