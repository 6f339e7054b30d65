package io.jnsq.nsqlookupd;

import io.jnsq.common.Version;
import io.jnsq.common.http.HttpListener;
import io.jnsq.common.net.EventLoops;
import io.jnsq.protocol.Hostname;
import io.jnsq.nsqlookupd.http.LookupdHttpApi;
import io.jnsq.nsqlookupd.tcp.LookupTcpServer;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nsqlookupd daemon, embeddable: {@code try (Nsqlookupd lookupd = new Nsqlookupd(options).start()) { ... }}.
 * nsqd nodes register their topics and channels over TCP (protocol V1); consumers find the producers of a topic
 * over HTTP ({@code /lookup}). Nothing is persisted.
 */
public final class Nsqlookupd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Nsqlookupd.class);

    private final NsqlookupdOptions options;
    private final RegistrationDb db;
    private final String hostname = Hostname.os();
    private EventLoops loops;
    private LookupTcpServer tcpServer;
    private HttpListener httpListener;

    public Nsqlookupd(NsqlookupdOptions options) {
        this(options, Clock.systemUTC());
    }

    /** With the clock that liveness and tombstones count by, for tests. */
    public Nsqlookupd(NsqlookupdOptions options, Clock clock) {
        this.options = options;
        this.db = new RegistrationDb(clock);
    }

    /**
     * Binds the TCP and HTTP listeners.
     *
     * @throws IOException when an address cannot be bound; nothing is left running then
     * @throws IllegalArgumentException when an address is invalid (Go's wording); nothing is left running then
     */
    public Nsqlookupd start() throws IOException {
        log.info("{}", Version.string("nsqlookupd"));
        loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        try {
            // HTTP first: an IDENTIFY, once TCP accepts, is answered with both ports
            httpListener = HttpListener.listen(HostPort.parse(options.httpAddress).listenAddress(), loops,
                    LookupdHttpApi.routes(this), null);
            tcpServer = LookupTcpServer.start(this, HostPort.parse(options.tcpAddress).listenAddress(), loops);
            log.info("TCP: listening on {}", HostPort.format(tcpServer.address()));
            log.info("HTTP: listening on {}", HostPort.format(httpListener.address()));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public NsqlookupdOptions options() {
        return options;
    }

    public RegistrationDb db() {
        return db;
    }

    /** The OS hostname, sent in the IDENTIFY reply. */
    public String hostname() {
        return hostname;
    }

    /** The bound TCP (protocol V1) address; its port is the real one when {@code --tcp-address} asked for 0. */
    public InetSocketAddress tcpAddress() {
        return tcpServer.address();
    }

    /** The bound HTTP address. */
    public InetSocketAddress httpAddress() {
        return httpListener.address();
    }

    /** Closes the listeners and every connection. */
    @Override
    public void close() {
        if (tcpServer != null) {
            tcpServer.close();
            tcpServer = null;
        }
        if (httpListener != null) {
            httpListener.close();
            httpListener = null;
        }
        if (loops != null) {
            loops.close();
            loops = null;
        }
    }
}
