package io.jnsq.nsqd.tcp;

import io.jnsq.common.net.EventLoops;
import io.jnsq.common.net.Listener;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.HostPort;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** The TCP listener on {@code --tcp-address}: one {@link ProtocolV2Handler} per V2 client. */
public final class TcpServer implements AutoCloseable {
    /**
     * Past the high mark a consumer stops taking messages until its socket drains, so a slow reader holds back
     * only itself.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final Listener listener;

    private TcpServer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code --tcp-address} and starts serving {@code broker} there.
     *
     * @param tls for clients that ask for it, or {@code null}
     * @param authServers the auth servers, or {@code null} when auth is disabled
     */
    public static TcpServer start(Broker broker, TlsConfig tls, AuthServers authServers, EventLoops loops)
            throws IOException {
        AtomicLong clientIds = new AtomicLong();
        NsqdOptions options = broker.options(); // one copy, which every connection reads
        return new TcpServer(Listener.bind(loops, HostPort.parse(options.tcpAddress).listenAddress(), ch -> {
            ch.config().setWriteBufferWaterMark(WATER_MARK);
            // A client that shuts down its sending side still gets the answer to a command it cut short.
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ch.pipeline().addLast(Compression.PROTOCOL_HANDLER, new ProtocolV2Handler(broker, options, tls, authServers,
                    clientIds.incrementAndGet()));
        }));
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Stops accepting, then closes every client connection. */
    @Override
    public void close() {
        listener.close();
    }
}
