package io.jnsq.nsqadmin;

import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.common.Version;
import io.jnsq.common.flags.FlagType;
import io.jnsq.common.flags.OptionsByConfigName;
import io.jnsq.common.http.HttpListener;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.net.EventLoops;
import io.jnsq.nsqadmin.history.History;
import io.jnsq.nsqadmin.history.HistoryPoller;
import io.jnsq.nsqadmin.http.NsqadminHttpApi;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Hostname;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nsqadmin daemon, embeddable: {@code try (Nsqadmin admin = new Nsqadmin(options).start()) { ... }}. It serves
 * NSQ's admin UI and its JSON API, which gathers everything from the cluster's nsqlookupd (or, configured so, the nsqd
 * themselves) at each request; only the charts' rolling history ({@link History}) is kept between requests.
 */
public final class Nsqadmin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Nsqadmin.class);
    private static final OptionsByConfigName<NsqadminOptions> CONFIG = new OptionsByConfigName<>(NsqadminFlags.ALL);

    private final NsqadminOptions options;
    private final String hostname = Hostname.os();
    private volatile Consumer<String> logLevelListener = level -> { };
    private ClusterInfo clusterInfo;
    private Notifier notifier;
    private NsqHttpClient http;
    private SSLContext tls;
    /** Where the upstream calls block: off the event loops. */
    private ExecutorService workers;
    private EventLoops loops;
    private HttpListener httpListener;
    private History history;
    private HistoryPoller historyPoller;

    /** @throws IllegalArgumentException for options NSQ refuses at start, with NSQ's message */
    public Nsqadmin(NsqadminOptions options) {
        options.validate();
        this.options = options;
    }

    /**
     * Binds the HTTP listener.
     *
     * @throws IOException when the address cannot be bound; nothing is left running then
     * @throws IllegalArgumentException when the address or the TLS files are unusable; nothing is left running then
     */
    public Nsqadmin start() throws IOException {
        log.info("{}", Version.string("nsqadmin"));
        tls = UpstreamTls.of(options);
        clusterInfo = new ClusterInfo(options.httpClientConnectTimeout, options.httpClientRequestTimeout, tls);
        http = new NsqHttpClient(options.httpClientConnectTimeout, options.httpClientRequestTimeout, tls);
        notifier = new Notifier(options.notificationHttpEndpoint, http);
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "nsqadmin-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        history = new History(options.historyPolls);
        historyPoller = new HistoryPoller(clusterInfo, this::lookupdHttpAddresses, this::nsqdHttpAddresses, history,
                options.historyInterval);
        try {
            httpListener = HttpListener.listen(HostPort.parse(options.httpAddress).listenAddress(), loops,
                    NsqadminHttpApi.routes(this), null, true);
            log.info("HTTP: listening on {}", HostPort.format(httpListener.address()));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public NsqadminOptions options() {
        return options;
    }

    /** The bound HTTP address; its port is the real one when {@code --http-address} asked for 0. */
    public InetSocketAddress httpAddress() {
        return httpListener.address();
    }

    /** The OS hostname: the {@code via} of notifications. */
    public String hostname() {
        return hostname;
    }

    public ClusterInfo clusterInfo() {
        return clusterInfo;
    }

    /** nsqadmin's HTTP client for graphite and notifications. */
    public NsqHttpClient httpClient() {
        return http;
    }

    /** The TLS of HTTPS upstreams, or {@code null} for the JDK's defaults. */
    public SSLContext upstreamTls() {
        return tls;
    }

    /** Where request handlers run their blocking upstream calls. */
    public ExecutorService workers() {
        return workers;
    }

    /** The rolling stats the UI's charts draw. */
    public History history() {
        return history;
    }

    /** Sends an admin action to the notification endpoint, if any, without waiting. */
    public void notify(AdminAction action) {
        notifier.notify(action);
    }

    /** The nsqlookupd HTTP addresses now (changed by {@code PUT /config/nsqlookupd_http_addresses}). */
    public synchronized List<String> lookupdHttpAddresses() {
        return List.copyOf(options.nsqlookupdHttpAddresses);
    }

    public synchronized List<String> nsqdHttpAddresses() {
        return List.copyOf(options.nsqdHttpAddresses);
    }

    public synchronized void setLookupdHttpAddresses(List<String> addresses) {
        options.nsqlookupdHttpAddresses = new ArrayList<>(addresses);
    }

    /**
     * Changes the log level ({@code PUT /config/log_level}).
     *
     * @throws IllegalArgumentException for a level that is none
     */
    public void setLogLevel(String logLevel) {
        String level = FlagType.LOG_LEVEL.parse(logLevel);
        synchronized (this) {
            options.logLevel = level;
        }
        logLevelListener.accept(level);
    }

    /**
     * What a change of log level does beyond the option: nsqadmin logs through SLF4J, so the binary hands its
     * backend's setter here; embedded, pass yours or nothing.
     *
     * @param listener gets the new level in lower case: debug, info, warn, error or fatal
     */
    public Nsqadmin onLogLevelChange(Consumer<String> listener) {
        this.logLevelListener = listener;
        return this;
    }

    /** An option by its config name, as {@code GET /config/:opt} shows it; empty for no such option. */
    public synchronized Optional<Object> configValue(String name) {
        return CONFIG.value(options, name);
    }

    /** Stops the history's polling, closes the listener and its connections. */
    @Override
    public void close() {
        if (historyPoller != null) {
            historyPoller.close();
            historyPoller = null;
        }
        if (httpListener != null) {
            httpListener.close();
            httpListener = null;
        }
        if (loops != null) {
            loops.close();
            loops = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
    }
}
