package io.jnsq.nsqd;

import io.jnsq.protocol.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel of a topic: its own copy of every message, shared by competing consumers. Messages wait in a
 * memory queue of --mem-queue-size, then in the backend; deferred ones wait in a timer-driven priority queue.
 * Consumers pull with {@link #poll}; one that finds the channel empty is woken by the next put.
 */
public final class Channel {
    private static final Logger log = LoggerFactory.getLogger(Channel.class);
    private final Topic topic;
    private final String name;
    private final boolean ephemeral;
    private final int memQueueSize;
    private final Object lock = new Object();
    private final MessageQueue queue;
    private final MessagePriorityQueue deferred = new MessagePriorityQueue(16);
    private final DeferredJournal journal;
    private ScheduledFuture<?> deferredTimer;
    private long deferredTimerAt;
    private final LinkedHashSet<Consumer> hungry = new LinkedHashSet<>();
    private final CopyOnWriteArrayList<Consumer> clients = new CopyOnWriteArrayList<>();
    private final LongAdder messageCount = new LongAdder();
    private final LongAdder requeueCount = new LongAdder();
    private final LongAdder timeoutCount = new LongAdder();
    /** Polls that took messages and messages given back; guarded by {@link #lock}; see {@link #undelivered}. */
    private long handOffs;
    /** Deliveries taken from the memory queue; guarded by {@link #lock}. */
    private long globalMsgCount;
    /** {@code null} unless --e2e-processing-latency-percentile is given. */
    private final ProcessingLatencyWindow latencyWindow;
    private volatile boolean paused;
    private volatile boolean exiting;

    Channel(Topic topic, String name, BackendQueue backend, DeferredJournal journal) {
        this.topic = topic;
        this.name = name;
        this.ephemeral = Names.isEphemeral(name);
        this.memQueueSize = (int) Math.min(Integer.MAX_VALUE, topic.broker().ownOptions().memQueueSize);
        this.queue = topic.broker().storage().messageQueue(backend, this::backendWritten);
        this.journal = journal;
        NsqdOptions options = topic.broker().ownOptions();
        this.latencyWindow = options.e2eProcessingLatencyPercentiles.isEmpty() ? null
                : new ProcessingLatencyWindow(options.e2eProcessingLatencyWindowTime, System.nanoTime());
        synchronized (lock) {
            for (Message m : journal.replay(MessageRecords.MIN_SIZE + (int) Math.min(Integer.MAX_VALUE - 26,
                    topic.broker().ownOptions().maxMsgSize))) {
                defer(m);
            }
        }
    }

    public String name() {
        return name;
    }

    public Topic topic() {
        return topic;
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    /** Subscribes a consumer, enforcing --max-channel-consumers. */
    public void addClient(Consumer client) throws ChannelException {
        synchronized (lock) {
            if (exiting) {
                throw new ChannelException("exiting");
            }
            if (clients.contains(client)) {
                return;
            }
            int max = topic.broker().ownOptions().maxChannelConsumers;
            if (max != 0 && clients.size() >= max) {
                throw new ChannelException("consumers for " + topic.name() + ":" + name + " exceeds limit of " + max);
            }
            clients.add(client);
        }
    }

    /** Unsubscribes a consumer; an ephemeral channel goes away with its last one. */
    public void removeClient(Consumer client) {
        boolean deleteNow;
        synchronized (lock) {
            if (!clients.remove(client)) {
                return;
            }
            hungry.remove(client);
            deleteNow = ephemeral && clients.isEmpty() && !exiting;
        }
        if (deleteNow) {
            topic.deleteChannel(name);
        }
    }

    public List<Consumer> clients() {
        return clients;
    }

    /**
     * Messages being published, in one pass under the lock: counted, then queued or deferred. A backend failure
     * fails the publish, which is not acknowledged: at once, or through {@code writes} when the storage thread
     * writes them.
     */
    void putPublished(List<Message> messages, PublishWrites writes) throws BackendException {
        List<Consumer> toWake;
        synchronized (lock) {
            for (Message m : messages) {
                if (isDeferredNow(m)) {
                    appendToJournal(m);
                }
            }
            queue.putAll(deferWaiting(messages, true), memoryCapacity(), writes);
            messageCount.add(messages.size());
            toWake = takeHungry();
        }
        wakeAll(toWake);
    }

    /**
     * The storage thread wrote messages to the backend: consumers that found nothing meanwhile can have them. A
     * failed publish's are not counted; acknowledged ones that failed are kept in memory.
     */
    private void backendWritten(List<Message> messages, boolean acknowledged, BackendException failure) {
        if (failure != null && !acknowledged) {
            messageCount.add(-messages.size());
            return;
        }
        List<Consumer> toWake;
        synchronized (lock) {
            if (failure != null) {
                topic.broker().diskHealth().logBackendFailure(topic.name() + ":" + name, failure);
                queue.keepInMemory(messages);
            }
            toWake = takeHungry();
        }
        wakeAll(toWake);
    }

    /** Messages the topic acknowledged earlier and now hands on: never lost to a backend failure. */
    void putFromBacklog(List<Message> messages) {
        List<Consumer> toWake;
        synchronized (lock) {
            messageCount.add(messages.size());
            keep(messages);
            toWake = takeHungry();
        }
        wakeAll(toWake);
    }

    /**
     * Hands up to {@code max} messages to {@code consumer}. When there are none the consumer is remembered and
     * woken by the next put, so a message never waits while a consumer is ready.
     */
    public int poll(Consumer consumer, int max, List<Message> out) {
        synchronized (lock) {
            int taken = 0;
            while (taken < max) {
                boolean fromMemory = queue.memorySize() > 0;
                Message m = queue.poll();
                if (m == null) {
                    break;
                }
                // a message saved to disk while deferred comes back with the rest of its delay
                if (isDeferredNow(m)) {
                    journalAndDefer(m);
                    continue;
                }
                out.add(m.isShared() ? m.copy() : m);
                taken++;
                if (fromMemory) {
                    globalMsgCount++;
                }
            }
            if (taken > 0) {
                handOffs++;
            } else if (!exiting) {
                hungry.add(consumer);
            }
            return taken;
        }
    }

    /**
     * Messages finished (FIN, or dropped by sampling) whose records the disk queue kept in case of a crash: they go,
     * from the next sync on. {@code marks} are their {@link Message#diskMark}s, the first {@code count} of them.
     */
    public void release(long[] marks, int count) {
        queue.release(marks, count);
    }

    /** REQ: back on the queue now, or after {@code delayNanos}. */
    public void requeue(Message m, long delayNanos) {
        requeueCount.increment();
        putBack(m, delayNanos > 0 ? System.nanoTime() + delayNanos : 0);
    }

    /** An in-flight message whose consumer did not finish it in time (or went away). */
    public void timedOut(Message m) {
        timeoutCount.increment();
        putBack(m, 0);
    }

    private void putBack(Message m, long deferredUntil) {
        List<Consumer> toWake;
        synchronized (lock) {
            if (exiting) {
                return;
            }
            m.deferredUntil = deferredUntil;
            keep(List.of(m));
            handOffs++;
            toWake = takeHungry();
        }
        wakeAll(toWake);
    }

    /** Queues or defers messages acknowledged earlier, which a backend failure must not lose. */
    private void keep(List<Message> messages) {
        queue.putAllOrKeep(deferWaiting(messages, false), memoryCapacity(), topic.name() + ":" + name);
    }

    /**
     * Defers the messages that must wait (into the journal too unless they are {@code journaled}); returns the
     * others, to be queued together (one disk write).
     */
    private List<Message> deferWaiting(List<Message> messages, boolean journaled) {
        long now = System.nanoTime();
        List<Message> ready = messages;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (isDeferred(m, now)) {
                ready = deferAndKeepReady(messages, now, journaled);
                break;
            }
            if (m.deferredUntil != 0) { // a deadline passed; a shared message has none and is never written to
                m.deferredUntil = 0;
            }
        }
        return ready;
    }

    /** As {@link #isDeferred}, reading the clock only for a message that has a deadline (hot path). */
    private static boolean isDeferredNow(Message m) {
        return m.deferredUntil != 0 && isDeferred(m, System.nanoTime());
    }

    private static boolean isDeferred(Message m, long now) {
        return m.deferredUntil != 0 && m.deferredUntil - now > 0;
    }

    private List<Message> deferAndKeepReady(List<Message> messages, long now, boolean journaled) {
        List<Message> ready = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (isDeferred(m, now)) {
                if (journaled) {
                    defer(m);
                } else {
                    journalAndDefer(m);
                }
            } else {
                m.deferredUntil = 0;
                ready.add(m);
            }
        }
        return ready;
    }

    /** Defers a message acknowledged earlier: a journal failure is logged, and the message kept in memory. */
    private void journalAndDefer(Message m) {
        try {
            appendToJournal(m);
            // journaled, or (--mem-queue-size > 0) deferred in memory as NSQ does
            queue.release(m);
        } catch (BackendException e) {
            topic.broker().diskHealth().logBackendFailure(topic.name() + ":" + name, e);
        }
        defer(m);
    }

    /**
     * Only a write that happens decides nsqd's health: without a journal (--mem-queue-size above 0) a deferred
     * message writes nothing, and must not make nsqd healthy while its disk queues fail.
     */
    private void appendToJournal(Message m) throws BackendException {
        if (journal.isEnabled()) {
            topic.broker().diskHealth().recordDiskWrite(() -> journal.append(m));
        }
    }

    private void defer(Message m) {
        deferred.push(m, m.deferredUntil);
        if (deferred.peek() == m) {
            scheduleDeferredTimer(m.deferredUntil);
        }
    }

    /**
     * With --mem-queue-size 0 every message goes to disk, so that none answered OK lives only in memory; an
     * ephemeral channel, whose backend drops everything, keeps NSQ's unbuffered hand-off instead: a message goes
     * to memory only for a consumer waiting for one.
     */
    private int memoryCapacity() {
        if (memQueueSize > 0) {
            return memQueueSize;
        }
        return ephemeral && !paused ? hungry.size() : 0;
    }

    private void scheduleDeferredTimer(long at) {
        if (deferredTimer != null) {
            if (deferredTimerAt - at <= 0) {
                return;
            }
            deferredTimer.cancel(false);
        }
        deferredTimerAt = at;
        deferredTimer = topic.broker().timer().schedule(this::promoteDeferred,
                Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void promoteDeferred() {
        List<Consumer> toWake;
        synchronized (lock) {
            deferredTimer = null;
            long now = System.nanoTime();
            List<Message> due = new ArrayList<>();
            Message m;
            while ((m = deferred.pollIfDue(now)) != null) {
                m.deferredUntil = 0;
                due.add(m);
            }
            keep(due);
            journal.forget(deferred);
            Message next = deferred.peek();
            if (next != null) {
                scheduleDeferredTimer(next.priority);
            }
            toWake = takeHungry();
        }
        wakeAll(toWake);
    }

    private List<Consumer> takeHungry() {
        if (hungry.isEmpty() || paused) {
            return List.of();
        }
        List<Consumer> toWake = new ArrayList<>(hungry);
        hungry.clear();
        return toWake;
    }

    private static void wakeAll(List<Consumer> consumers) {
        for (Consumer c : consumers) {
            c.wake();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    public void pause() {
        paused = true;
        topic.broker().persistMetadata();
    }

    public void unpause() {
        paused = false;
        topic.broker().persistMetadata();
        wakeAll(clients);
    }

    /**
     * Drops every queued, deferred and in-flight message; consumers stay connected.
     *
     * @throws BackendException when a disk queue file could not be removed; the channel is empty all the same
     */
    public void empty() throws BackendException {
        try {
            synchronized (lock) {
                deferred.drainTo(m -> { });
                journal.forget(deferred);
                cancelDeferredTimer();
                queue.empty();
            }
        } finally {
            for (Consumer c : clients) {
                c.emptyInFlight();
            }
        }
    }

    /** Deletes this channel from its topic, closing its consumers. */
    public void delete() {
        topic.deleteChannel(name);
    }

    /** Called by the topic when it removes this channel: close consumers, drop everything. */
    void closeForDelete() {
        exit();
        for (Consumer c : clients) {
            c.close();
        }
        try {
            empty();
        } catch (BackendException e) {
            // the files are removed next: a data file emptying left behind (already logged) is deleted there
            log.debug("{} - deleting anyway", e.getMessage());
        }
        queue.delete();
        journal.delete();
    }

    /**
     * Shutdown: stop taking messages, and save those in memory and the deferred ones (with their deadlines) to
     * the backend. In-flight messages are back in the queue by now: nsqd closes every connection first.
     */
    void close() {
        exit();
        synchronized (lock) {
            List<Message> waiting = new ArrayList<>(deferred.size());
            deferred.drainTo(waiting::add);
            int memory = queue.memorySize();
            if (memory + waiting.size() > 0) {
                log.info("CHANNEL({}): flushing {} memory {} deferred messages to backend", name, memory,
                        waiting.size());
            }
            if (queue.flushToBackend(waiting, topic.name() + ":" + name)) {
                // the deferred messages are in the queue now; a journal left behind would deliver them twice
                journal.delete();
            }
        }
        for (Consumer c : clients) {
            c.close();
        }
        queue.close();
    }

    private void exit() {
        synchronized (lock) {
            exiting = true;
            hungry.clear();
            cancelDeferredTimer();
        }
    }

    private void cancelDeferredTimer() {
        if (deferredTimer != null) {
            deferredTimer.cancel(false);
            deferredTimer = null;
        }
    }

    void syncBackendIfDue() {
        queue.syncIfDue();
    }

    public boolean isExiting() {
        return exiting;
    }

    /** Memory plus backend messages, as NSQ's {@code depth}. */
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

    public int deferredCount() {
        synchronized (lock) {
            return deferred.size();
        }
    }

    public long inFlightCount() {
        long sum = 0;
        for (Consumer c : clients) {
            sum += c.inFlightCount();
        }
        return sum;
    }

    /**
     * Messages not yet finished: queued, deferred and in flight. Never 0 while one is left, even as messages move
     * between the channel and its consumers (one on its way may be counted twice), so that a 0 can be trusted:
     * drain mode ends on it.
     */
    public long undelivered() {
        long handOffsBefore;
        long held;
        synchronized (lock) {
            handOffsBefore = handOffs;
            held = queue.depth() + deferred.size();
        }
        long inFlight = 0;
        for (Consumer c : clients) {
            inFlight += c.heldCount();
        }
        synchronized (lock) {
            if (handOffs != handOffsBefore) { // counted while a message moved: it may have been missed
                return Math.max(1, held + inFlight);
            }
        }
        return held + inFlight;
    }

    public long messageCount() {
        return messageCount.sum();
    }

    public long requeueCount() {
        return requeueCount.sum();
    }

    public long timeoutCount() {
        return timeoutCount.sum();
    }

    // ---- stats ----

    /** Where a consumer's thread records the latency of the messages it finishes; keep it, use it there only. */
    public LatencyRecorder latencyRecorder() {
        return latencyWindow == null ? LatencyRecorder.NONE : latencyWindow.recorderForCurrentThread();
    }

    /** The e2e latencies in the window now ({@code now} is {@link System#nanoTime()}), or {@code null}. */
    Histogram latencySnapshot(long now) {
        return latencyWindow == null ? null : latencyWindow.snapshot(now);
    }

    void advanceLatencyWindow(long now) {
        if (latencyWindow != null) {
            latencyWindow.advance(now);
        }
    }

    /**
     * This channel's stats, with its clients' unless {@code includeClients} is false; {@code latency} is its
     * {@link #latencySnapshot}. The queue figures are read under one short hold of the channel's lock.
     */
    ChannelStats stats(boolean includeClients, Histogram latency) {
        long depth;
        long backendDepth;
        int deferredCount;
        long globalMsgs;
        synchronized (lock) {
            depth = queue.depth();
            backendDepth = queue.backendDepth();
            deferredCount = deferred.size();
            globalMsgs = globalMsgCount;
        }
        List<ClientStats> clientStats = null;
        long inFlight = 0;
        int clientCount = 0;
        if (includeClients) {
            clientStats = new ArrayList<>(clients.size());
        }
        for (Consumer c : clients) {
            clientCount++;
            if (clientStats == null) {
                inFlight += c.inFlightCount();
            } else {
                ClientStats cs = c.stats();
                inFlight += cs.inFlightCount();
                clientStats.add(cs);
            }
        }
        LatencyPercentiles e2e = latency == null ? LatencyPercentiles.NONE
                : LatencyPercentiles.of(latency, topic.broker().ownOptions().e2eProcessingLatencyPercentiles);
        return new ChannelStats(name, depth, backendDepth, inFlight, deferredCount, messageCount.sum(), 0, 0,
                globalMsgs, requeueCount.sum(), timeoutCount.sum(), clientCount, clientStats, paused, e2e);
    }
}
