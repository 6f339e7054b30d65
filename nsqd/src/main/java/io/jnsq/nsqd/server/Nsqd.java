package io.jnsq.nsqd.server;

import io.jnsq.common.Version;
import io.jnsq.common.flags.FlagType;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.http.Router;
import io.jnsq.common.net.EventLoops;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.ConfigOptions;
import io.jnsq.nsqd.LookupdPeers;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.http.Daemon;
import io.jnsq.nsqd.http.HttpServer;
import io.jnsq.nsqd.lookup.LookupLoop;
import io.jnsq.nsqd.lookup.LookupdChannels;
import io.jnsq.nsqd.statsd.StatsdPrefix;
import io.jnsq.nsqd.statsd.StatsdReporter;
import io.jnsq.nsqd.tcp.TcpServer;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An nsqd: its {@link Broker} (topics, channels, their storage) and the servers that serve it, TCP, HTTP (and
 * HTTPS), statsd and the nsqlookupd loop. Embeddable: {@code try (Nsqd nsqd = new Nsqd(options).start()) { ... }}.
 */
public final class Nsqd implements Daemon, AutoCloseable {
    /** The NSQ version we are compatible with, reported in IDENTIFY, /info and /stats. */
    public static final String VERSION = Version.NSQ;
    private static final Logger log = LoggerFactory.getLogger(Nsqd.class);

    private final NsqdOptions options;
    private final Broker broker;
    /** The auth servers; {@code null} when no --auth-http-address is set (auth disabled). */
    private final AuthServers authServers;
    /** TLS for clients that ask for it; {@code null} without --tls-cert and --tls-key. */
    private final TlsConfig tls;
    private EventLoops loops;
    private volatile TcpServer tcpServer;
    private volatile HttpServer httpServer;
    private volatile HttpServer httpsServer;
    private StatsdReporter statsd;
    private volatile LookupLoop lookupLoop;
    /** NSQ's broadcast ports and statsd prefix, resolved at start; {@code null} before. */
    private volatile Broadcast broadcast;
    /** Asks the nsqlookupds for a new topic's channels. */
    private final LookupdChannels lookupdChannels;
    private volatile Consumer<String> logLevelListener = level -> { };
    /** The two options NSQ changes at runtime ({@code PUT /config/:opt}), held apart from the options' copy. */
    private volatile String logLevel;
    private volatile List<String> nsqlookupdTcpAddresses;
    /** Completes when this nsqd asks its application to stop it: drained, or told to shut down. */
    private final CompletableFuture<Void> exitRequested = new CompletableFuture<>();
    private volatile boolean closed;

    public Nsqd(NsqdOptions given) {
        this.broker = new Broker(given);
        NsqdOptions options = broker.options();
        this.options = options;
        this.logLevel = options.logLevel;
        this.nsqlookupdTcpAddresses = List.copyOf(options.nsqlookupdTcpAddresses);
        this.tls = TlsConfig.of(options);
        NsqHttpClient http = new NsqHttpClient(options.httpClientConnectTimeout, options.httpClientRequestTimeout,
                TlsConfig.outgoing(options));
        this.authServers = options.authHttpAddresses.isEmpty() ? null
                : new AuthServers(options.authHttpAddresses, options.authHttpRequestMethod, http);
        this.lookupdChannels = new LookupdChannels(http);
        broker.drained().thenRun(() -> exitRequested.complete(null));
    }

    /** Binds the listeners and starts serving. */
    public Nsqd start() throws IOException {
        log.info("{}", Version.string("nsqd"));
        log.info("ID: {}", options.nodeId);
        try {
            if (tls != null) {
                tls.build(); // meanwhile: it takes long, and nothing before the TLS listeners needs it
            }
            broker.open();
            loops = new EventLoops(Runtime.getRuntime().availableProcessors());
            tcpServer = TcpServer.start(broker, tls, authServers, loops);
            log.info("TCP: listening on {}", HostPort.format(tcpServer.address()));
            Router api = HttpServer.api(this);
            if (tls != null && !options.httpsAddress.isEmpty()) {
                httpsServer = HttpServer.startHttps(this, loops, api, tls);
                log.info("HTTPS: listening on {}", HostPort.format(httpsServer.address()));
            }
            if (!options.httpAddress.isEmpty()) {
                int httpsPort = httpsServer == null ? 0 : httpsServer.address().getPort();
                httpServer = HttpServer.start(this, loops, api, httpsPort);
                log.info("HTTP: listening on {}", HostPort.format(httpServer.address()));
            }
            Broadcast resolved = resolveBroadcast();
            broadcast = resolved;
            if (!options.statsdAddress.isEmpty()) {
                statsd = StatsdReporter.start(broker, broker.timer(), resolved.statsdPrefix());
            }
            LookupLoop loop = LookupLoop.start(broker, this::nsqlookupdTcpAddresses, resolved.tcpPort(),
                    resolved.httpPort());
            lookupLoop = loop;
            broker.setLookupdPeers(new Peers(loop));
            if (tls != null) {
                tls.awaitReady(); // a key or certificate nsqd cannot use stops it, as NSQ
            }
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The topics, channels and their storage this nsqd serves. */
    @Override
    public Broker broker() {
        return broker;
    }

    /** The bound TCP address (the real port when the option asked for port 0), or {@code null} until bound. */
    @Override
    public InetSocketAddress tcpAddress() {
        TcpServer server = tcpServer;
        return server == null ? null : server.address();
    }

    /** The bound HTTP address, or {@code null} when HTTP is disabled. */
    @Override
    public InetSocketAddress httpAddress() {
        return httpServer == null ? null : httpServer.address();
    }

    /**
     * What NSQ rewrites in its options once the listeners are bound: broadcast ports left at 0 become the bound
     * ones, and the statsd prefix gets its host key. Our options stay as given, so they can start another nsqd.
     */
    private Broadcast resolveBroadcast() {
        int tcpPort = options.broadcastTcpPort != 0 ? options.broadcastTcpPort : tcpServer.address().getPort();
        int httpPort = options.broadcastHttpPort != 0 || httpServer == null ? options.broadcastHttpPort
                : httpServer.address().getPort();
        return new Broadcast(tcpPort, httpPort,
                StatsdPrefix.of(options.statsdPrefix, options.broadcastAddress, httpPort));
    }

    private record Broadcast(int tcpPort, int httpPort, String statsdPrefix) {
    }

    /**
     * An option by NSQ's config name, as {@code GET /config/:opt} shows it: the log level and nsqlookupd peers as
     * they are now, the broadcast ports and statsd prefix as resolved at start (as NSQ's rewritten options show
     * them), else as {@link ConfigOptions} reads it.
     */
    @Override
    public Optional<Object> configValue(String name) {
        if (name.equals("log_level") || name.equals("nsqlookupd_tcp_addresses")) {
            NsqdOptions now = options.copy();
            now.logLevel = logLevel;
            now.nsqlookupdTcpAddresses = nsqlookupdTcpAddresses;
            return ConfigOptions.value(now, name);
        }
        Broadcast resolved = broadcast;
        Object rewritten = resolved == null ? null : switch (name) {
            case "broadcast_tcp_port" -> resolved.tcpPort();
            case "broadcast_http_port" -> resolved.httpPort();
            case "statsd_prefix" -> resolved.statsdPrefix();
            default -> null;
        };
        return rewritten != null ? Optional.of(rewritten) : ConfigOptions.value(options, name);
    }

    /** The bound HTTPS address, or {@code null} when HTTPS is not served. */
    public InetSocketAddress httpsAddress() {
        return httpsServer == null ? null : httpsServer.address();
    }

    /** TLS for client connections, or {@code null} when nsqd has no certificate. */
    public TlsConfig tls() {
        return tls;
    }

    /** The auth servers, or {@code null} when auth is disabled. */
    @Override
    public AuthServers authServers() {
        return authServers;
    }

    /**
     * A copy of the options this nsqd runs with, its broker's snapshot: changing it changes nothing here. The two
     * that change at runtime are {@link #logLevel()} and {@link #nsqlookupdTcpAddresses()}.
     */
    @Override
    public NsqdOptions options() {
        return options.copy();
    }

    /** The log level now: {@code --log-level}, or what {@link #setLogLevel} set since. */
    public String logLevel() {
        return logLevel;
    }

    /** The nsqlookupd peers now: {@code --lookupd-tcp-address}, or what {@link #setNsqlookupdTcpAddresses} set. */
    public List<String> nsqlookupdTcpAddresses() {
        return nsqlookupdTcpAddresses;
    }

    /**
     * Changes the log level at once, as {@code PUT /config/log_level} does: this nsqd's, then whatever
     * {@link #onLogLevelChange} set.
     *
     * @param logLevel debug, info, warn, error or fatal, in any case
     * @throws IllegalArgumentException for any other text
     */
    @Override
    public void setLogLevel(String logLevel) {
        String level = FlagType.LOG_LEVEL.parse(logLevel);
        this.logLevel = level;
        logLevelListener.accept(level);
    }

    /**
     * What a change of log level ({@code PUT /config/log_level}) does beyond the option. nsqd logs through SLF4J,
     * so the logging backend decides which lines are written: the nsqd binary hands its own here. Embedded, pass
     * what applies a level to your logging, or nothing to leave your configuration alone.
     *
     * @param listener gets the new level in lower case: debug, info, warn, error or fatal
     * @return this nsqd
     */
    public Nsqd onLogLevelChange(Consumer<String> listener) {
        this.logLevelListener = listener;
        return this;
    }

    /**
     * Replaces the nsqlookupd peers, as {@code PUT /config/nsqlookupd_tcp_addresses} does. This is where the
     * lookup loop learns of the change: it connects to new peers and drops removed ones at once, as NSQ's.
     */
    @Override
    public void setNsqlookupdTcpAddresses(List<String> addresses) {
        this.nsqlookupdTcpAddresses = List.copyOf(addresses);
        LookupLoop loop = lookupLoop;
        if (loop != null) {
            loop.addressesChanged();
        }
    }

    /**
     * Asks the application to stop this nsqd now, as {@code PUT /config/shutdown} does: {@link #exitRequested()}
     * completes.
     */
    @Override
    public void requestExit() {
        log.info("NSQ: shutdown requested");
        exitRequested.complete(null);
    }

    /**
     * Completes when this nsqd asks to be stopped: once drained ({@link Broker#drain()}), or on {@link #requestExit()}.
     * The nsqd binary then closes it and exits; an application embedding nsqd decides for itself.
     */
    public CompletionStage<Void> exitRequested() {
        return exitRequested.minimalCompletionStage();
    }

    /** The lookup loop as the broker's nsqlookupd peers. */
    private final class Peers implements LookupdPeers {
        private final LookupLoop loop;

        Peers(LookupLoop loop) {
            this.loop = loop;
        }

        @Override
        public boolean isConfigured() {
            return !nsqlookupdTcpAddresses.isEmpty();
        }

        @Override
        public List<String> httpAddresses() {
            return loop.lookupdHttpAddresses();
        }

        @Override
        public CompletableFuture<List<String>> channelsOf(String topic, List<String> httpAddresses) {
            return lookupdChannels.toPrecreate(topic, httpAddresses);
        }

        @Override
        public void register(String topic, String channel) {
            loop.register(topic, channel);
        }

        @Override
        public void unregister(String topic, String channel) {
            loop.unregister(topic, channel);
        }
    }

    /**
     * Graceful stop, in NSQ's order: stop accepting and close every connection; then, with the event loops done
     * (every in-flight message of a closed connection is back in its channel), the broker saves what it holds.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lookupLoop != null) {
            lookupLoop.close();
        }
        if (tcpServer != null) {
            tcpServer.close();
        }
        if (httpServer != null) {
            httpServer.close();
        }
        if (httpsServer != null) {
            httpsServer.close();
        }
        if (loops != null) {
            loops.close();
        }
        if (statsd != null) {
            statsd.close();
        }
        broker.close();
    }
}
