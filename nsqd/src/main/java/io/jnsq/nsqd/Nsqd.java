package io.jnsq.nsqd;

import io.jnsq.common.Version;
import io.jnsq.common.flags.FlagType;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.http.Router;
import io.jnsq.common.net.EventLoops;
import io.jnsq.diskqueue.AtomicFile;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.http.HttpServer;
import io.jnsq.nsqd.lookup.LookupLoop;
import io.jnsq.nsqd.lookup.LookupdChannels;
import io.jnsq.nsqd.statsd.StatsdPrefix;
import io.jnsq.nsqd.statsd.StatsdReporter;
import io.jnsq.nsqd.tcp.TcpServer;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Names;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An nsqd: topics, channels and the listeners that serve them. Embeddable:
 * {@code try (Nsqd nsqd = new Nsqd(options).start()) { ... }}.
 */
public final class Nsqd implements AutoCloseable {
    /** The NSQ version we are compatible with, reported in IDENTIFY, /info and /stats. */
    public static final String VERSION = Version.NSQ;
    private static final Logger log = LoggerFactory.getLogger(Nsqd.class);

    private final NsqdOptions options;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final MemoryBudget memoryBudget = MemoryBudget.halfTheHeap();
    private final QueueStorage storage;
    private final long startTime = System.currentTimeMillis() / 1000;
    private final long startNanos = System.nanoTime();
    /** TCP connections that published: /stats lists them as producers. */
    private final Set<Client> producers = ConcurrentHashMap.newKeySet();
    private final NsqdHealth health = new NsqdHealth();
    private volatile boolean exiting;
    private final Path dataPath;
    private final Metadata metadata;
    /** The auth servers; {@code null} when no --auth-http-address is set (auth disabled). */
    private final AuthServers authServers;
    /** TLS for clients that ask for it; {@code null} without --tls-cert and --tls-key. */
    private final TlsConfig tls;
    private DataPathLock lock;
    private volatile boolean loadingMetadata;
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
    private final Drain drain;
    /** Completes when this nsqd asks its application to stop it: drained, or told to shut down. */
    private final CompletableFuture<Void> exitRequested = new CompletableFuture<>();

    public Nsqd(NsqdOptions given) {
        given.validate();
        NsqdOptions options = given.copy();
        this.options = options;
        this.logLevel = options.logLevel;
        this.nsqlookupdTcpAddresses = List.copyOf(options.nsqlookupdTcpAddresses);
        // NSQ's default data path is the working directory.
        this.dataPath = Path.of(options.dataPath.isEmpty() ? "." : options.dataPath).toAbsolutePath().normalize();
        this.metadata = new Metadata(dataPath);
        this.tls = TlsConfig.of(options);
        NsqHttpClient http = new NsqHttpClient(options.httpClientConnectTimeout, options.httpClientRequestTimeout,
                TlsConfig.outgoing(options));
        this.authServers = options.authHttpAddresses.isEmpty() ? null
                : new AuthServers(options.authHttpAddresses, options.authHttpRequestMethod, http);
        this.lookupdChannels = new LookupdChannels(http);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "nsqd-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // at shutdown, waiting timers (deferred messages, backlog moves) are dropped: close() saves their messages
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.drain = new Drain(this::topics, timer);
        drain.drained().thenRun(() -> exitRequested.complete(null));
        this.storage = new QueueStorage(this, options, dataPath);
    }

    /** Binds the listeners and starts serving. */
    public Nsqd start() throws IOException {
        log.info("{}", Version.string("nsqd"));
        log.info("ID: {}", options.nodeId);
        try {
            if (tls != null) {
                tls.build(); // meanwhile: it takes long, and nothing before the TLS listeners needs it
            }
            lock = DataPathLock.acquire(dataPath);
            AtomicFile.deleteLeftovers(dataPath, Metadata.FILE_NAME);
            loadMetadata();
            long syncPeriod = Math.max(1, options.syncTimeout.toNanos());
            timer.scheduleWithFixedDelay(this::syncBackendsIfDue, syncPeriod, syncPeriod, TimeUnit.NANOSECONDS);
            if (!options.e2eProcessingLatencyPercentiles.isEmpty()) {
                ProcessingLatencyWindow.advanceEverySlot(timer, options.e2eProcessingLatencyWindowTime,
                        topics.values());
            }
            loops = new EventLoops(Runtime.getRuntime().availableProcessors());
            tcpServer = TcpServer.start(this, loops);
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
                statsd = StatsdReporter.start(this, timer, resolved.statsdPrefix());
            }
            lookupLoop = LookupLoop.start(this, resolved.tcpPort(), resolved.httpPort());
            if (tls != null) {
                tls.awaitReady(); // a key or certificate nsqd cannot use stops it, as NSQ
            }
            // GC pauses are known to /stats from now on; the JVM's management beans take a while to set up, which
            // the listeners need not wait for
            timer.execute(GcPauses::get);
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The bound TCP address (the real port when the option asked for port 0), or {@code null} until bound. */
    public InetSocketAddress tcpAddress() {
        TcpServer server = tcpServer;
        return server == null ? null : server.address();
    }

    /** The bound HTTP address, or {@code null} when HTTP is disabled. */
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
    public AuthServers authServers() {
        return authServers;
    }

    /**
     * The options this nsqd was made with, as copied then; the two that change at runtime are
     * {@link #logLevel()} and {@link #nsqlookupdTcpAddresses()}.
     */
    public NsqdOptions options() {
        return options;
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
    public void setNsqlookupdTcpAddresses(List<String> addresses) {
        this.nsqlookupdTcpAddresses = List.copyOf(addresses);
        LookupLoop loop = lookupLoop;
        if (loop != null) {
            loop.addressesChanged();
        }
    }

    /**
     * Starts draining, beyond NSQ (its RFC nsqio/nsq #1302): from now on nsqd refuses new messages
     * ({@code E_PUB_FAILED}, {@code E_MPUB_FAILED}, {@code E_DPUB_FAILED} over TCP, {@code 503 DRAINING} over HTTP)
     * and new topics and channels, while its consumers go on receiving what it holds. Topics and channels can still
     * be emptied and deleted, which is how an operator lets go of a channel nobody consumes. Once every topic and
     * channel is empty (nothing in memory, on disk, in flight or deferred) the returned stage completes, and
     * {@link #exitRequested()} with it. Draining cannot be undone; asking again changes nothing.
     *
     * @return completes once nsqd is drained
     */
    public CompletionStage<Void> drain() {
        drain.start();
        return drain.drained().minimalCompletionStage();
    }

    /** Whether {@link #drain()} was called. */
    public boolean isDraining() {
        return drain.isStarted();
    }

    /**
     * Asks the application to stop this nsqd now, as {@code PUT /config/shutdown} does: {@link #exitRequested()}
     * completes.
     */
    public void requestExit() {
        log.info("NSQ: shutdown requested");
        exitRequested.complete(null);
    }

    /**
     * Completes when this nsqd asks to be stopped: once drained ({@link #drain()}), or on {@link #requestExit()}.
     * The nsqd binary then closes it and exits; an application embedding nsqd decides for itself.
     */
    public CompletionStage<Void> exitRequested() {
        return exitRequested.minimalCompletionStage();
    }

    /** Unix seconds when this nsqd was created. */
    public long startTime() {
        return startTime;
    }

    /** How long this nsqd has been running. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The topic, created if missing. A new topic (not one loaded at start) first gets every channel the
     * nsqlookupds know for it, as in NSQ, so each of them receives its first messages; until then its messages wait
     * in the topic. NSQ blocks the caller meanwhile; here nobody waits but whoever asks for {@link Topic#started()}.
     *
     * @throws DrainingException when it is missing and nsqd drains
     */
    public Topic topic(String name) {
        Topic topic = topics.get(name);
        if (topic != null) {
            return topic;
        }
        if (isDraining()) {
            throw new DrainingException();
        }
        LookupLoop loop = lookupLoop;
        List<String> lookupds = loadingMetadata || loop == null ? List.of() : loop.lookupdHttpAddresses();
        boolean[] created = new boolean[1];
        topic = topics.computeIfAbsent(name, n -> {
            created[0] = true;
            return new Topic(this, n, storage.backend(n), lookupds.isEmpty());
        });
        if (created[0]) {
            log.info("TOPIC({}): created", name);
            if (!topic.isEphemeral()) {
                persistMetadata();
            }
            registered(name, "");
            if (!lookupds.isEmpty()) {
                precreateChannels(topic, lookupds);
            } else if (!loadingMetadata && !nsqlookupdTcpAddresses.isEmpty()) {
                log.error("no available nsqlookupd to query for channels to pre-create for topic {}", name);
            }
        }
        return topic;
    }

    /** Creates the channels the nsqlookupds name for a new topic, then starts it. */
    private void precreateChannels(Topic topic, List<String> lookupds) {
        lookupdChannels.toPrecreate(topic.name(), lookupds).thenAccept(channels -> {
            for (String channel : channels) {
                if (exiting || topic.isExiting() || isDraining()) {
                    return; // closing, deleted or draining: no new channel
                }
                topic.channel(channel);
            }
        }).whenComplete((done, error) -> {
            if (error != null) {
                log.error("TOPIC({}): channel pre-creation failed", topic.name(), error);
            }
            topic.start();
        });
    }

    /** The topic, or {@code null}. */
    public Topic existingTopic(String name) {
        return topics.get(name);
    }

    /** Topics sorted by name. */
    public List<Topic> topics() {
        List<Topic> list = new ArrayList<>(topics.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    /** Deletes a topic and its channels; {@code false} if there was none. */
    public boolean deleteTopic(String name) {
        Topic topic = topics.remove(name);
        if (topic == null) {
            return false;
        }
        unregistered(name, "");
        topic.closeForDelete();
        log.info("TOPIC({}): deleted", name);
        if (!Names.isEphemeral(name)) {
            persistMetadata();
        }
        return true;
    }

    /** Tells the nsqlookupd peers (NSQ's Notify) that a topic ({@code channel} empty) or channel was created. */
    void registered(String topic, String channel) {
        LookupLoop loop = lookupLoop;
        if (loop != null) {
            loop.register(topic, channel);
        }
    }

    /** Tells the nsqlookupd peers that a topic ({@code channel} empty) or channel was deleted. */
    void unregistered(String topic, String channel) {
        LookupLoop loop = lookupLoop;
        if (loop != null) {
            loop.unregister(topic, channel);
        }
    }

    /** {@code null} when healthy, else the last backend write error. */
    public String healthError() {
        return health.error();
    }

    /** NSQ's health text: {@code OK}, or {@code NOK - <last backend write error>}. */
    public String health() {
        return health.text();
    }

    public boolean isHealthy() {
        return health.error() == null;
    }

    public boolean isExiting() {
        return exiting;
    }

    // ---- stats ----

    /** A connection published for the first time. */
    public void addProducer(Client client) {
        producers.add(client);
    }

    /** A connection closed; no-op unless it had published. */
    public void removeProducer(Client client) {
        producers.remove(client);
    }

    /**
     * Stats as NSQ's {@code GetStats}: every topic, or only {@code topicName} unless that is empty; in each, every
     * channel or only {@code channelName} unless that is empty (a topic without it is left out); clients and
     * producers unless {@code includeClients} is false. No global lock is taken: topics and channels are read one
     * at a time, and clients without stopping them.
     */
    public NsqdStats stats(String topicName, String channelName, boolean includeClients) {
        List<Topic> selected;
        if (topicName.isEmpty()) {
            selected = topics();
        } else {
            Topic topic = topics.get(topicName);
            if (topic == null) {
                return new NsqdStats(null, null);
            }
            selected = List.of(topic);
        }
        return NsqdStats.gather(selected, channelName, includeClients ? producers : null, topicName);
    }

    /** The heap all memory queues together may take. */
    MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /** Timers (deferred messages) and short background work (topic backlog moves). */
    ScheduledExecutorService timer() {
        return timer;
    }

    /** The topics' and channels' backends, journals, and the threads that write them. */
    QueueStorage storage() {
        return storage;
    }

    /** The sync timeout must also hold for a disk queue nobody reads or writes any more. */
    private void syncBackendsIfDue() {
        for (Topic topic : topics.values()) {
            topic.syncBackendsIfDue();
        }
    }

    /** The health flag that the queues' disk writes keep. */
    NsqdHealth diskHealth() {
        return health;
    }

    /**
     * Recreates the topics and channels of {@code nsqd.dat}, paused as they were, then has it rewritten, as NSQ
     * does at start: on the timer thread, since its fsyncs need not hold up the listeners (every later change
     * writes the whole file again anyway).
     */
    private void loadMetadata() throws IOException {
        loadingMetadata = true;
        try {
            Metadata.restore(metadata.read(), this::topic);
        } finally {
            loadingMetadata = false;
        }
        timer.execute(this::persistMetadata);
    }

    /**
     * Asks for {@code nsqd.dat} to be rewritten with every non-ephemeral topic and channel, on the sync thread so
     * that an event loop never waits for the disk; called on each create, delete, pause and unpause.
     */
    void persistMetadata() {
        if (!loadingMetadata && lock != null) {
            metadata.writeSoon(storage.syncer(), this::metadataEntries);
        }
    }

    private List<Metadata.Entry> metadataEntries() {
        return Metadata.snapshot(topics());
    }

    /**
     * Graceful stop, in NSQ's order: stop accepting and close every connection; then, with the event loops done
     * (every in-flight message of a closed connection is back in its channel) and the timer stopped, save every
     * topic's and channel's memory and deferred messages to disk.
     */
    @Override
    public void close() {
        if (exiting) {
            return;
        }
        exiting = true;
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
        // no interrupts: a timer task may be writing to a disk queue, and an interrupt closes its file
        timer.shutdown();
        awaitTermination(timer);
        storage.finishWrites();
        if (lock != null) {
            metadata.writeNow(this::metadataEntries);
        }
        for (Topic topic : topics.values()) {
            topic.close();
        }
        storage.close();
        if (lock != null) {
            lock.close();
        }
    }

    static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.error("{} still running after 10s", executor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
