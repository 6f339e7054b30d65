package io.jnsq.nsqd;

import io.jnsq.protocol.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic: publishes go to every channel, each getting its own copy. While the topic has no channel, or is
 * paused, messages wait in the topic (memory queue, then backend) and are moved to the channels, oldest first,
 * once they can go. Publishing runs on the publisher's thread, but for disk writes that may wait for the disk,
 * which nsqd's storage thread does ({@link BackendWriter}); the backlog move runs on nsqd's timer.
 */
public final class Topic {
    private static final Logger log = LoggerFactory.getLogger(Topic.class);
    private static final int BACKLOG_BATCH = 1024;

    private final Broker broker;
    private final String name;
    private final boolean ephemeral;
    private final int memQueueSize;
    private final GuidFactory guids;
    private final Object lock = new Object();
    private final MessageQueue queue;
    private final Map<String, Channel> channels = new TreeMap<>();
    private volatile Channel[] channelArray = new Channel[0];
    private final LongAdder messageCount = new LongAdder();
    private final LongAdder messageBytes = new LongAdder();
    private boolean backlogMoveScheduled;
    private volatile boolean paused;
    private volatile boolean exiting;
    /** Until then messages wait in the topic: nsqd is still creating the channels nsqlookupd knows of. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /**
     * @param started whether messages may go to channels at once; else they wait for {@link #start()}
     */
    Topic(Broker broker, String name, BackendQueue backend, boolean started) {
        this.broker = broker;
        this.name = name;
        this.ephemeral = Names.isEphemeral(name);
        this.memQueueSize = (int) Math.min(Integer.MAX_VALUE, broker.ownOptions().memQueueSize);
        this.guids = new GuidFactory(broker.ownOptions().nodeId);
        this.queue = broker.storage().messageQueue(backend, this::backendWritten);
        if (started) {
            this.started.complete(null);
        }
    }

    public String name() {
        return name;
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    Broker broker() {
        return broker;
    }

    /** PUB: returns once the message is stored (in memory, or written to disk). */
    public void publish(byte[] body) throws PublishException {
        await(publishAsync(List.of(body), 0));
    }

    /** MPUB: IDs in body order, all or nothing as far as the topic is concerned. */
    public void publish(List<byte[]> bodies) throws PublishException {
        await(publishAsync(bodies, 0));
    }

    /** DPUB: delivered no earlier than {@code deferNanos} from now. */
    public void publishDeferred(byte[] body, long deferNanos) throws PublishException {
        await(publishAsync(List.of(body), deferNanos));
    }

    /**
     * PUB or MPUB, or DPUB when {@code deferNanos} is above 0, without waiting for the disk: the future completes
     * once the messages are stored, at once when they went to memory, else when the storage thread has written
     * them. It fails with a {@link PublishException} when the publish is refused (nsqd exiting or draining) or a
     * write fails; the publisher must not be told OK before it completes.
     */
    public CompletableFuture<Void> publishAsync(List<byte[]> bodies, long deferNanos) {
        PublishWrites writes = new PublishWrites(this);
        PublishException refused = null;
        try {
            publish(bodies, deferNanos, writes);
        } catch (PublishException e) {
            refused = e;
        }
        writes.sealed(refused);
        return writes;
    }

    private static void await(CompletableFuture<Void> stored) throws PublishException {
        try {
            stored.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PublishException refused) {
                throw refused;
            }
            throw e;
        }
    }

    private void publish(List<byte[]> bodies, long deferNanos, PublishWrites writes) throws PublishException {
        if (broker.isDraining()) {
            throw PublishException.draining();
        }
        long now = WallClock.nowNanos();
        long deferredUntil = deferNanos > 0 ? System.nanoTime() + deferNanos : 0;
        synchronized (lock) {
            if (exiting) {
                throw new PublishException("exiting");
            }
            List<Message> messages = new ArrayList<>(bodies.size());
            long bytes = 0;
            for (byte[] body : bodies) {
                Message m = new Message(guids.next(now), now, body);
                m.deferredUntil = deferredUntil;
                messages.add(m);
                bytes += body.length;
            }
            messageCount.add(messages.size());
            messageBytes.add(bytes);
            writes.counted(messages.size(), bytes);
            try {
                boolean canDeliver = canDeliver();
                if (!canDeliver || !queue.isEmpty()) { // held, or behind waiting messages: order is kept
                    queue.putAll(messages, memQueueSize, writes);
                    if (canDeliver) {
                        scheduleBacklogMove();
                    }
                } else {
                    deliver(messages, writes);
                }
            } catch (BackendException e) {
                throw new PublishException(e.getMessage());
            }
        }
    }

    /** A failed publish is not counted, as NSQ counts only what it stored. */
    void uncount(int messages, long bytes) {
        messageCount.add(-messages);
        messageBytes.add(-bytes);
    }

    /** The storage thread wrote to this topic's backend (publishes only): the messages may go on to the channels. */
    private void backendWritten(List<Message> messages, boolean acknowledged, BackendException failure) {
        if (failure == null) {
            synchronized (lock) {
                if (canDeliver()) {
                    scheduleBacklogMove();
                }
            }
        }
    }

    private boolean canDeliver() {
        return !paused && channelArray.length > 0 && isStarted();
    }

    /** Publishes to every channel; a channel's backend failure fails the publish. */
    private void deliver(List<Message> messages, PublishWrites writes) throws BackendException {
        Channel[] targets = channelArray;
        List<List<Message>> perChannel = perChannel(messages, targets.length);
        for (int i = 0; i < targets.length; i++) {
            targets[i].putPublished(perChannel.get(i), writes);
        }
    }

    /** Hands on messages acknowledged earlier; channels keep them even when their backend fails. */
    private void deliverBacklog(List<Message> messages) {
        Channel[] targets = channelArray;
        List<List<Message>> perChannel = perChannel(messages, targets.length);
        for (int i = 0; i < targets.length; i++) {
            targets[i].putFromBacklog(perChannel.get(i));
        }
    }

    /**
     * The messages for each of {@code channels} channels. With several, a message that is not deferred goes to every
     * channel as the same object, marked as shared by them all (a channel delivers a copy of its own), so that a
     * fan-out holds one object per waiting message rather than one per channel: what a collection of the heap
     * copies while consumers lag. A deferred message gets a copy per channel (the first channel takes the
     * original). Every copy is made before any channel gets a message, because a channel may deliver (and count
     * an attempt) at once on another thread.
     */
    private static List<List<Message>> perChannel(List<Message> messages, int channels) {
        if (channels == 1) {
            return List.of(messages);
        }
        boolean anyDeferred = false;
        for (Message m : messages) {
            if (m.deferredUntil != 0) {
                anyDeferred = true;
            } else {
                m.sharedBy = (char) Math.min(channels, Character.MAX_VALUE);
            }
        }
        if (!anyDeferred) {
            return Collections.nCopies(channels, messages);
        }
        List<List<Message>> perChannel = new ArrayList<>(channels);
        perChannel.add(messages);
        for (int i = 1; i < channels; i++) {
            List<Message> own = new ArrayList<>(messages.size());
            for (Message m : messages) {
                own.add(m.isShared() ? m : m.copy());
            }
            perChannel.add(own);
        }
        return perChannel;
    }

    /** Moves waiting messages to the channels in batches, so the timer thread never stalls for long. */
    private void moveBacklog() {
        List<Message> batch = new ArrayList<>(BACKLOG_BATCH);
        synchronized (lock) {
            backlogMoveScheduled = false;
            if (exiting || !canDeliver()) {
                return;
            }
            while (batch.size() < BACKLOG_BATCH) {
                Message m = queue.poll();
                if (m == null) {
                    break;
                }
                batch.add(m);
            }
            deliverBacklog(batch);
            if (!queue.isEmpty()) {
                scheduleBacklogMove();
            }
        }
    }

    private void scheduleBacklogMove() {
        if (!backlogMoveScheduled && !exiting) {
            backlogMoveScheduled = true;
            broker.timer().execute(this::moveBacklog);
        }
    }

    /**
     * The channel, created if missing.
     *
     * @throws DrainingException when it is missing and nsqd drains
     */
    public Channel channel(String channelName) {
        Channel created;
        synchronized (lock) {
            Channel existing = channels.get(channelName);
            if (existing != null) {
                return existing;
            }
            if (broker.isDraining()) {
                throw new DrainingException();
            }
            String queueName = name + ":" + channelName;
            created = new Channel(this, channelName, broker.storage().backend(queueName),
                    broker.storage().deferredJournal(queueName));
            channels.put(channelName, created);
            channelArray = channels.values().toArray(new Channel[0]);
            scheduleBacklogMove();
        }
        if (!created.isEphemeral()) {
            broker.persistMetadata();
        }
        broker.registered(name, channelName);
        return created;
    }

    /** The channel, or {@code null}. */
    public Channel existingChannel(String channelName) {
        synchronized (lock) {
            return channels.get(channelName);
        }
    }

    /** Channels sorted by name. */
    public List<Channel> channels() {
        synchronized (lock) {
            return new ArrayList<>(channels.values());
        }
    }

    /** Removes a channel; an ephemeral topic goes away with its last channel. */
    public boolean deleteChannel(String channelName) {
        Channel removed;
        boolean deleteTopic;
        synchronized (lock) {
            removed = channels.remove(channelName);
            if (removed == null) {
                return false;
            }
            channelArray = channels.values().toArray(new Channel[0]);
            deleteTopic = ephemeral && channels.isEmpty() && !exiting;
        }
        broker.unregistered(name, channelName);
        removed.closeForDelete();
        if (!removed.isEphemeral()) {
            broker.persistMetadata();
        }
        if (deleteTopic) {
            broker.deleteTopic(name);
        }
        return true;
    }

    /** Lets waiting and new messages go to the channels; called once the channels nsqlookupd knows of exist. */
    void start() {
        synchronized (lock) {
            started.complete(null);
            scheduleBacklogMove();
        }
    }

    /** Whether messages may go to channels: {@code false} while nsqd is creating the channels lookupd knows of. */
    public boolean isStarted() {
        return started.isDone();
    }

    /** Completes when {@link #isStarted()}. */
    public CompletionStage<Void> started() {
        return started.minimalCompletionStage();
    }

    public boolean isPaused() {
        return paused;
    }

    public void pause() {
        paused = true;
        broker.persistMetadata();
    }

    public void unpause() {
        synchronized (lock) {
            paused = false;
            scheduleBacklogMove();
        }
        broker.persistMetadata();
    }

    /**
     * Drops the messages waiting in the topic (not those already in channels).
     *
     * @throws BackendException when a disk queue file could not be removed; the topic is empty all the same
     */
    public void empty() throws BackendException {
        synchronized (lock) {
            queue.empty();
        }
    }

    /** Called by nsqd when deleting the topic: refuse publishes, delete every channel, drop everything. */
    void closeForDelete() {
        List<Channel> toDelete;
        synchronized (lock) {
            exiting = true;
            toDelete = new ArrayList<>(channels.values());
            channels.clear();
            channelArray = new Channel[0];
        }
        for (Channel c : toDelete) {
            broker.unregistered(name, c.name());
            c.closeForDelete();
        }
        try {
            empty();
        } catch (BackendException e) {
            // the files are removed next: a data file emptying left behind (already logged) is deleted there
            log.debug("{} - deleting anyway", e.getMessage());
        }
        queue.delete();
    }

    /** Shutdown: refuse publishes, close channels, and save what waits in memory to the backend. */
    void close() {
        List<Channel> toClose;
        synchronized (lock) {
            exiting = true;
            toClose = new ArrayList<>(channels.values());
        }
        for (Channel c : toClose) {
            c.close();
        }
        synchronized (lock) {
            if (queue.memorySize() > 0) {
                log.info("TOPIC({}): flushing {} memory messages to backend", name, queue.memorySize());
            }
            queue.flushToBackend(List.of(), name);
        }
        queue.close();
    }

    void syncBackendsIfDue() {
        queue.syncIfDue();
        for (Channel c : channelArray) {
            c.syncBackendIfDue();
        }
    }

    public boolean isExiting() {
        return exiting;
    }

    public long depth() {
        synchronized (lock) {
            return queue.depth();
        }
    }

    public long backendDepth() {
        synchronized (lock) {
            return queue.backendDepth();
        }
    }

    public long messageCount() {
        return messageCount.sum();
    }

    public long messageBytes() {
        return messageBytes.sum();
    }

    // ---- stats ----

    /**
     * This topic's stats with all its channels, or only {@code channelName} unless that is empty; {@code null}
     * when that channel does not exist. The e2e latency merges every channel's, as NSQ's does; it is
     * {@link LatencyPercentiles#NONE} for a topic without channels, as in NSQ.
     */
    TopicStats stats(String channelName, boolean includeClients, long now) {
        Channel[] all = channelArray; // sorted by name
        List<ChannelStats> selected = new ArrayList<>(channelName.isEmpty() ? all.length : 1);
        Histogram topicLatency = null;
        for (Channel c : all) {
            boolean wanted = channelName.isEmpty() || c.name().equals(channelName);
            Histogram latency = c.latencySnapshot(now);
            if (latency != null) {
                if (topicLatency == null) {
                    topicLatency = ProcessingLatencyWindow.emptyHistogram();
                }
                topicLatency.add(latency);
            }
            if (wanted) {
                selected.add(c.stats(includeClients, latency));
            }
        }
        if (!channelName.isEmpty() && selected.isEmpty()) {
            return null;
        }
        long depth;
        long backendDepth;
        synchronized (lock) {
            depth = queue.depth();
            backendDepth = queue.backendDepth();
        }
        LatencyPercentiles e2e = topicLatency == null ? LatencyPercentiles.NONE
                : LatencyPercentiles.of(topicLatency, broker.ownOptions().e2eProcessingLatencyPercentiles);
        return new TopicStats(name, List.copyOf(selected), depth, backendDepth, messageCount.sum(),
                messageBytes.sum(), paused, e2e);
    }

    void advanceLatencyWindows(long now) {
        for (Channel c : channelArray) {
            c.advanceLatencyWindow(now);
        }
    }
}
