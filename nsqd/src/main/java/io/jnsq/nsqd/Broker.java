package io.jnsq.nsqd;

import io.jnsq.diskqueue.AtomicFile;
import io.jnsq.protocol.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of an nsqd, apart from its servers: topics and their channels, where their messages are stored,
 * {@code nsqd.dat}, health, drain mode and stats. No socket and no Netty: {@link io.jnsq.nsqd.server.Nsqd} serves one
 * over TCP and HTTP, and tells nsqlookupd of it through {@link LookupdPeers}. A broker also runs on its own, for
 * messaging inside one process: {@code try (Broker broker = new Broker(options)) { broker.open(); ... }}.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

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
    private final Path dataPath;
    private final Metadata metadata;
    private final Drain drain;
    private volatile boolean exiting;
    private volatile boolean loadingMetadata;
    private volatile LookupdPeers lookupd = LookupdPeers.NONE;
    private DataPathLock lock;

    /**
     * A broker on a copy of {@code given}: changing them afterwards changes nothing here. Nothing is read or written
     * until {@link #open()}.
     *
     * @throws IllegalArgumentException for options NSQ refuses
     */
    public Broker(NsqdOptions given) {
        given.validate();
        this.options = given.copy();
        // NSQ's default data path is the working directory.
        this.dataPath = Path.of(options.dataPath.isEmpty() ? "." : options.dataPath).toAbsolutePath().normalize();
        this.metadata = new Metadata(dataPath);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "nsqd-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // at shutdown, waiting timers (deferred messages, backlog moves) are dropped: close() saves their messages
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.drain = new Drain(this::topics, timer);
        this.storage = new QueueStorage(this, options, dataPath);
    }

    /**
     * Takes the data path and recreates what {@code nsqd.dat} holds, then starts the timers: the disk queues' sync
     * timeout and the processing-latency window. Once only, before anything else.
     *
     * @throws IOException when the data path is taken by another nsqd, or {@code nsqd.dat} cannot be read
     */
    public void open() throws IOException {
        lock = DataPathLock.acquire(dataPath);
        AtomicFile.deleteLeftovers(dataPath, Metadata.FILE_NAME);
        loadMetadata();
        long syncPeriod = Math.max(1, options.syncTimeout.toNanos());
        timer.scheduleWithFixedDelay(this::syncBackendsIfDue, syncPeriod, syncPeriod, TimeUnit.NANOSECONDS);
        if (!options.e2eProcessingLatencyPercentiles.isEmpty()) {
            ProcessingLatencyWindow.advanceEverySlot(timer, options.e2eProcessingLatencyWindowTime, topics.values());
        }
        // GC pauses are known to /stats from now on; the JVM's management beans take a while to set up, which
        // nobody need wait for
        timer.execute(GcPauses::get);
    }

    /** Where new topics and channels are told and a new topic's channels asked for, from now on. */
    public void setLookupdPeers(LookupdPeers peers) {
        this.lookupd = peers;
    }

    /**
     * A copy of the options this broker runs with, the snapshot taken when it was made: changing it changes nothing
     * here. The two NSQ changes at runtime are the server's.
     */
    public NsqdOptions options() {
        return options.copy();
    }

    /** The snapshot itself, for the domain's classes, which only read it. */
    NsqdOptions ownOptions() {
        return options;
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
        LookupdPeers peers = lookupd;
        List<String> lookupds = loadingMetadata ? List.of() : peers.httpAddresses();
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
                precreateChannels(topic, peers, lookupds);
            } else if (!loadingMetadata && peers.isConfigured()) {
                log.error("no available nsqlookupd to query for channels to pre-create for topic {}", name);
            }
        }
        return topic;
    }

    /** Creates the channels the nsqlookupds name for a new topic, then starts it. */
    private void precreateChannels(Topic topic, LookupdPeers peers, List<String> lookupds) {
        peers.channelsOf(topic.name(), lookupds).thenAccept(channels -> {
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
        lookupd.register(topic, channel);
    }

    /** Tells the nsqlookupd peers that a topic ({@code channel} empty) or channel was deleted. */
    void unregistered(String topic, String channel) {
        lookupd.unregister(topic, channel);
    }

    /**
     * Starts draining, beyond NSQ (its RFC nsqio/nsq #1302): from now on nsqd refuses new messages
     * ({@code E_PUB_FAILED}, {@code E_MPUB_FAILED}, {@code E_DPUB_FAILED} over TCP, {@code 503 DRAINING} over HTTP)
     * and new topics and channels, while its consumers go on receiving what it holds. Topics and channels can still
     * be emptied and deleted, which is how an operator lets go of a channel nobody consumes. Once every topic and
     * channel is empty (nothing in memory, on disk, in flight or deferred) the returned stage completes, and
     * {@link io.jnsq.nsqd.server.Nsqd#exitRequested()} with it. Draining cannot be undone; asking again changes
     * nothing.
     *
     * @return completes once nsqd is drained
     */
    public CompletionStage<Void> drain() {
        drain.start();
        return drained();
    }

    /** Completes once drained; never unless {@link #drain()} is called. */
    public CompletionStage<Void> drained() {
        return drain.drained().minimalCompletionStage();
    }

    /** Whether {@link #drain()} was called. */
    public boolean isDraining() {
        return drain.isStarted();
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

    /** Unix seconds when this nsqd was created. */
    public long startTime() {
        return startTime;
    }

    /** How long this nsqd has been running. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

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

    /**
     * The broker's timer thread: deferred messages and short background work (topic backlog moves); the server's
     * periodic work (statsd) runs on it too. Tasks must not block.
     */
    public ScheduledExecutorService timer() {
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
     * Graceful stop: stops the timer, then saves every topic's and channel's memory and deferred messages to disk, as
     * NSQ does. A server closes its connections first, so that every in-flight message is back in its channel.
     */
    @Override
    public void close() {
        if (exiting) {
            return;
        }
        exiting = true;
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
