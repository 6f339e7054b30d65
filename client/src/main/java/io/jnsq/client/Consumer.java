package io.jnsq.client;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to a topic's channel on one or more nsqd and hands each message to a {@link MessageHandler}, as
 * go-nsq's {@code Consumer}: nsqd found directly or through nsqlookupd, {@code max_in_flight} spread over the
 * connections (in turns when there are more connections than {@code max_in_flight}), backoff with RDY 1 probes
 * while a handler fails, and a graceful stop.
 *
 * <pre>{@code
 * Consumer consumer = new Consumer("events", "archive", Config.builder().maxInFlight(100).build(),
 *         message -> store(message.body()), 4);
 * consumer.connectToNsqlookupd("127.0.0.1:4161");
 * ...
 * consumer.close(); // CLS, in-flight messages handled, connections closed
 * }</pre>
 */
public final class Consumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Consumer.class);

    private final String topic;
    private final String channel;
    private final Config config;
    private final Handlers handlers;
    private final ScheduledExecutorService timers;
    private final ClientLoops loops;
    private final AtomicBoolean released = new AtomicBoolean();
    private final Map<HostPort, Subscription> connections = new ConcurrentHashMap<>();
    private final Set<HostPort> connecting = ConcurrentHashMap.newKeySet();
    private final Set<HostPort> direct = ConcurrentHashMap.newKeySet();
    private final LongAdder received = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder requeued = new LongAdder();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AutoTouch autoTouch;
    private final LookupdPoller lookupds;
    private volatile boolean stopping;

    // RDY and backoff state, as go-nsq keeps it; guarded by "this"
    private int maxInFlight;
    private long totalRdy;
    private volatile int backoffCounter; // read without the lock on each FIN
    private boolean backoffTimeout;
    private boolean needRdyRedistributed;

    /** A consumer of {@code topic}'s {@code channel} whose messages are handled on one thread. */
    public Consumer(String topic, String channel, Config config, MessageHandler handler) {
        this(topic, channel, config, handler, 1);
    }

    /**
     * A consumer whose messages are handled on {@code concurrency} threads, as go-nsq's AddConcurrentHandlers; or,
     * with {@code concurrency} 0, on the thread that reads each connection, with no hand-off at all: the fastest
     * way for a handler that never blocks (one that does stalls every connection that thread serves).
     */
    public Consumer(String topic, String channel, Config config, MessageHandler handler, int concurrency) {
        if (!Names.isValidTopicName(topic)) {
            throw new IllegalArgumentException("invalid topic name");
        }
        if (!Names.isValidChannelName(channel)) {
            throw new IllegalArgumentException("invalid channel name");
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be 0 (the I/O thread) or more");
        }
        this.topic = topic;
        this.channel = channel;
        this.config = config;
        this.maxInFlight = config.maxInFlight();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jnsq-consumer-timer-" + topic + "/" + channel);
            t.setDaemon(true);
            return t;
        });
        this.autoTouch = new AutoTouch(timers);
        this.handlers = new Handlers(topic + "/" + channel, handler, concurrency, config.maxAttempts(), autoTouch);
        this.lookupds = new LookupdPoller(topic, config, timers, this::connectToNew);
        this.loops = ClientLoops.acquire();
        long redistribute = config.rdyRedistributeInterval().toMillis();
        timers.scheduleWithFixedDelay(this::redistributeRdy, redistribute, redistribute, TimeUnit.MILLISECONDS);
    }

    /**
     * What to do with a message delivered more than {@code max_attempts} times, before it is finished (go-nsq's
     * {@code LogFailedMessage}); by default, a warning.
     */
    public void onMaxAttemptsExceeded(java.util.function.Consumer<Message> hook) {
        handlers.onMaxAttemptsExceeded(hook);
    }

    /**
     * Auto-TOUCH, for handlers that may take longer than msg_timeout: while a handler holds a message (running, or
     * after {@link Message#disableAutoResponse()} until it is answered), the consumer sends TOUCH each time half
     * of the msg_timeout nsqd granted has passed, so nsqd does not give the message to another consumer. nsqd
     * still takes it back after its {@code --max-msg-timeout} (15 minutes by default). Off by default.
     */
    public void autoTouch(boolean enabled) {
        autoTouch.enable(enabled);
    }

    /** Connects to one nsqd (its TCP address) and subscribes; returns once subscribed. */
    public void connectToNsqd(String tcpAddress) {
        HostPort address = HostPort.parse(tcpAddress);
        direct.add(address);
        Producer.await(connect(address));
    }

    /**
     * Finds the topic's nsqd through nsqlookupd (its HTTP address) now and every {@code lookupd_poll_interval},
     * and connects to each new one. Several lookupds are asked in turns.
     */
    public void connectToNsqlookupd(String httpAddress) {
        lookupds.add(httpAddress);
    }

    /** What nsqlookupd found: each nsqd not connected yet is connected. */
    private void connectToNew(List<HostPort> producers) {
        for (HostPort nsqd : producers) {
            if (!connections.containsKey(nsqd) && !connecting.contains(nsqd)) {
                connect(nsqd).exceptionally(e -> {
                    log.error("({}) error connecting to nsqd - {}", nsqd.joined(), e.getMessage());
                    return null;
                });
            }
        }
    }

    private CompletableFuture<Void> connect(HostPort address) {
        if (stopping) {
            return CompletableFuture.failedFuture(new NsqException("consumer stopping"));
        }
        if (connections.containsKey(address) || !connecting.add(address)) {
            return CompletableFuture.failedFuture(new NsqException("already connected to " + address.joined()));
        }
        log.info("({}) connecting to nsqd", address.joined());
        Subscription subscription = new Subscription(address);
        return Connection.open(address, config, loops, subscription)
                .thenCompose(c -> {
                    subscription.connection = c;
                    return c.command("SUB", out -> Commands.sub(out, topic, channel));
                })
                .handle((ok, failure) -> {
                    connecting.remove(address);
                    if (failure != null) {
                        if (subscription.connection != null) {
                            subscription.connection.close();
                        }
                        throw failure instanceof java.util.concurrent.CompletionException ce ? ce
                                : new java.util.concurrent.CompletionException(failure);
                    }
                    connections.put(address, subscription);
                    if (stopping) { // close() may have looked for connections before this one was put
                        subscription.connection.close();
                        throw new java.util.concurrent.CompletionException(new NsqException("consumer stopping"));
                    }
                    synchronized (this) {
                        // a new connection changes every connection's share of max_in_flight
                        for (Subscription s : connections.values()) {
                            maybeUpdateRdy(s);
                        }
                    }
                    return null;
                });
    }

    /** The counts since the consumer started. */
    public ConsumerStats stats() {
        return new ConsumerStats(received.sum(), finished.sum(), requeued.sum(), connections.size());
    }

    /** Each open connection's counts since it was made, and its RDY and in-flight count now. */
    public List<ConnectionStats> connectionStats() {
        List<ConnectionStats> stats = new ArrayList<>();
        for (Subscription s : connections.values()) {
            long rdy;
            synchronized (this) {
                rdy = s.rdy;
            }
            stats.add(new ConnectionStats(s.address.joined(), s.received.sum(), s.finished.sum(), s.requeued.sum(),
                    s.inFlight.get(), rdy));
        }
        return stats;
    }

    /** Changes {@code max_in_flight} while running, as go-nsq's {@code ChangeMaxInFlight}. */
    public synchronized void changeMaxInFlight(int maxInFlight) {
        if (this.maxInFlight == maxInFlight) {
            return;
        }
        this.maxInFlight = maxInFlight;
        for (Subscription s : connections.values()) {
            maybeUpdateRdy(s);
        }
    }

    /**
     * Stops gracefully: CLS on every connection so nsqd sends no more, the messages already delivered handled and
     * answered, then the connections closed; at most {@code timeout}, after which they are closed anyway.
     */
    public void close(Duration timeout) {
        stopping = true;
        lookupds.stop();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Subscription s : connections.values()) {
            closing.add(s.startClose());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("stop: connections still open after {}, closing them", timeout);
        }
        for (Subscription s : connections.values()) {
            s.connection.close();
        }
        handlers.shutdown(timeout);
        timers.shutdownNow();
        if (!released.getAndSet(true)) {
            ClientLoops.release(loops);
        }
        stopped.complete(null);
    }

    /** {@link #close(Duration)} with 30 s, go-nsq's time for a stop. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Completes when the consumer has stopped. */
    public CompletableFuture<Void> stopFuture() {
        return stopped;
    }

    // ---- RDY, as go-nsq's consumer.go: perConnMaxInFlight, maybeUpdateRDY, updateRDY, redistributeRDY ----

    /** Each connection's share of max_in_flight: at least 1, unless max_in_flight is 0 (paused). */
    private synchronized long perConnMaxInFlight() {
        int n = Math.max(1, connections.size());
        return Math.min(Math.max(1, maxInFlight / n), maxInFlight);
    }

    private synchronized void maybeUpdateRdy(Subscription s) {
        if (backoffCounter > 0 || backoffTimeout) {
            return;
        }
        updateRdy(s, perConnMaxInFlight());
    }

    private synchronized void updateRdy(Subscription s, long count) {
        if (s.closing || s.connection == null) {
            return;
        }
        count = Math.min(count, s.connection.identified().maxRdyCount());
        // never more than max_in_flight over every connection: a new connection gets what is left
        long maxPossible = maxInFlight - totalRdy + s.rdy;
        if (maxPossible > 0 && maxPossible < count) {
            count = maxPossible;
        }
        if (maxPossible <= 0 && count > 0) {
            if (s.rdy == 0) {
                // nothing to give now: try again later rather than starve this connection forever
                long retryCount = count;
                timers.schedule(() -> updateRdy(s, retryCount), 5, TimeUnit.SECONDS);
            }
            return;
        }
        sendRdy(s, count);
    }

    private synchronized void sendRdy(Subscription s, long count) {
        if (count == s.rdy) {
            return; // as go-nsq: nsqd has that count already
        }
        totalRdy += count - s.rdy;
        s.rdy = count;
        s.lastRdyNanos = System.nanoTime();
        int n = (int) count;
        s.connection.send(out -> Commands.rdy(out, n));
    }

    private void redistributeRdy() {
        try {
            redistributeRdyNow();
        } catch (RuntimeException e) {
            log.error("RDY redistribution failed", e);
        }
    }

    private synchronized void redistributeRdyNow() {
        if (backoffTimeout || connections.isEmpty() || stopping) {
            return;
        }
        if (connections.size() > maxInFlight || (backoffCounter > 0 && connections.size() > 1)) {
            needRdyRedistributed = true;
        }
        if (!needRdyRedistributed) {
            return;
        }
        needRdyRedistributed = false;
        long now = System.nanoTime();
        List<Subscription> possible = new ArrayList<>();
        for (Subscription s : connections.values()) {
            if (s.rdy > 0) {
                if (now - s.lastMessageNanos > config.lowRdyIdleTimeout().toNanos()) {
                    log.debug("({}) idle connection, giving up RDY", s);
                    updateRdy(s, 0);
                } else if (now - s.lastRdyNanos > config.lowRdyTimeout().toNanos()) {
                    log.debug("({}) RDY timeout, giving up RDY", s);
                    updateRdy(s, 0);
                }
            }
            possible.add(s);
        }
        long available = (backoffCounter > 0 ? 1 : maxInFlight) - totalRdy;
        while (!possible.isEmpty() && available > 0) {
            available--;
            Subscription s = possible.remove(ThreadLocalRandom.current().nextInt(possible.size()));
            log.debug("({}) redistributing RDY", s);
            updateRdy(s, 1);
        }
    }

    // ---- backoff, as go-nsq's startStopContinueBackoff, backoff and resume ----

    private enum Signal { RESUME, BACKOFF, CONTINUE }

    private synchronized void startStopContinueBackoff(Signal signal) {
        if (backoffTimeout) {
            return; // many answers at once must not jump to the longest backoff or straight back to full speed
        }
        boolean updated = false;
        if (signal == Signal.RESUME && backoffCounter > 0) {
            backoffCounter--;
            updated = true;
        } else if (signal == Signal.BACKOFF && backoffDuration(backoffCounter + 1)
                .compareTo(config.maxBackoffDuration()) <= 0) {
            backoffCounter++;
            updated = true;
        }
        if (backoffCounter == 0 && updated) {
            long count = perConnMaxInFlight();
            log.warn("exiting backoff, returning all to RDY {}", count);
            for (Subscription s : connections.values()) {
                updateRdy(s, count);
            }
        } else if (backoffCounter > 0) {
            Duration d = backoffDuration(backoffCounter);
            if (d.compareTo(config.maxBackoffDuration()) > 0) {
                d = config.maxBackoffDuration();
            }
            log.warn("backing off for {} (backoff level {}), setting all to RDY 0", d, backoffCounter);
            for (Subscription s : connections.values()) {
                updateRdy(s, 0);
            }
            backoff(d);
        }
    }

    private Duration backoffDuration(int attempt) {
        return config.backoffStrategy().backoff(attempt, config.backoffMultiplier(), config.maxBackoffDuration());
    }

    private synchronized void backoff(Duration d) {
        backoffTimeout = true;
        timers.schedule(this::resume, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The backoff time is over: one connection, chosen at random, gets RDY 1 to test the waters. */
    private synchronized void resume() {
        if (stopping) {
            backoffTimeout = false;
            return;
        }
        List<Subscription> open = new ArrayList<>(connections.values());
        if (open.isEmpty()) {
            log.warn("no connection available to resume");
            backoff(Duration.ofSeconds(1));
            return;
        }
        Subscription choice = open.get(ThreadLocalRandom.current().nextInt(open.size()));
        log.warn("({}) backoff timeout expired, sending RDY 1", choice);
        backoffTimeout = false;
        updateRdy(choice, 1);
    }

    /** One connection's subscription: its RDY, its in-flight count, and the end of its life. */
    private final class Subscription implements Connection.Listener, Message.Responder {
        final HostPort address;
        volatile Connection connection;
        final AtomicInteger inFlight = new AtomicInteger();
        final LongAdder received = new LongAdder();
        final LongAdder finished = new LongAdder();
        final LongAdder requeued = new LongAdder();
        /** Messages of the read in progress; only the connection's event loop touches it. */
        private final List<Message> arrived = new ArrayList<>();
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        long rdy;
        volatile long lastRdyNanos = System.nanoTime();
        volatile long lastMessageNanos = System.nanoTime();
        volatile boolean closing;
        /** nsqd has answered CLS (or the connection failed): no message comes after. */
        volatile boolean closeWaited;

        Subscription(HostPort address) {
            this.address = address;
        }

        @Override
        public void onMessage(Connection c, Message message) {
            message.responder = this;
            arrived.add(message);
        }

        /**
         * Hands the messages of one read to the handlers (with concurrency 0 they run here, on the I/O thread, and
         * their FINs leave together once the read is done).
         */
        @Override
        public void onReadComplete(Connection c) {
            int count = arrived.size();
            if (count == 0) {
                return;
            }
            // counted per read, not per message: the event loop is the consumer's busiest thread
            received.add(count);
            Consumer.this.received.add(count);
            inFlight.addAndGet(count);
            lastMessageNanos = System.nanoTime();
            inFlight.addAndGet(-handlers.dispatch(arrived));
            arrived.clear();
        }

        /** Counts the answer and turns it into a backoff signal, as go-nsq's connection delegate does. */
        @Override
        public void finished(Message message) {
            finished.increment();
            Consumer.this.finished.increment();
            answered(message);
            if (backoffCounter > 0) { // a success at full speed changes nothing: no lock for it
                startStopContinueBackoff(Signal.RESUME);
            }
        }

        @Override
        public void requeued(Message message, Duration delay, boolean backoff) {
            requeued.increment();
            Consumer.this.requeued.increment();
            answered(message);
            startStopContinueBackoff(backoff ? Signal.BACKOFF : Signal.CONTINUE);
        }

        @Override
        public Duration defaultRequeueDelay(int attempts) {
            Duration d = config.defaultRequeueDelay().multipliedBy(attempts);
            return d.compareTo(config.maxRequeueDelay()) > 0 ? config.maxRequeueDelay() : d;
        }

        void answered(Message message) {
            autoTouch.release(message);
            if (inFlight.decrementAndGet() == 0 && closeWaited) {
                drained.complete(null);
            }
        }

        /**
         * CLS: nsqd stops sending; once it has answered CLOSE_WAIT and every message delivered is answered, the
         * connection is closed, as go-nsq does. CLOSE_WAIT comes after every message nsqd sent before the CLS, so
         * none can still be on its way; the check runs on the read thread, after the read that brought CLOSE_WAIT
         * has counted its messages.
         */
        CompletableFuture<Void> startClose() {
            synchronized (Consumer.this) {
                closing = true;
                totalRdy -= rdy;
                rdy = 0;
            }
            connection.command("CLS", Commands::cls).whenCompleteAsync((answer, failure) -> {
                closeWaited = true;
                if (inFlight.get() == 0) {
                    drained.complete(null);
                }
            }, connection.readThread());
            // the last answer may be queued behind this close on the event loop: written first, then the close
            return drained.thenCompose(ignored -> connection.closeAfterQueued());
        }

        @Override
        public void onError(Connection c, NsqErrorException error) {
            log.error("({}) protocol error - {}", address.joined(), error.getMessage());
        }

        @Override
        public void onClose(Connection c, Throwable cause) {
            boolean removed = connections.remove(address, this);
            synchronized (Consumer.this) {
                totalRdy -= rdy;
                // as go-nsq: a RDY lost in backoff must go to another connection, or to the next one made
                if (!connections.isEmpty() || (rdy > 0 && backoffCounter > 0)) {
                    needRdyRedistributed = true;
                }
                rdy = 0;
                closing = true;
            }
            drained.complete(null);
            if (!removed || stopping) {
                return;
            }
            log.warn("({}) connection closed{}", address.joined(), cause != null ? " - " + cause.getMessage() : "");
            if (direct.contains(address) && lookupds.isEmpty()) {
                reconnectLater();
            }
        }

        /** A directly given nsqd is tried again every lookupd_poll_interval, as go-nsq does. */
        private void reconnectLater() {
            Duration wait = config.lookupdPollInterval();
            log.info("({}) re-connecting in {}", address.joined(), wait);
            try {
                timers.schedule(() -> connect(address).exceptionally(e -> {
                    log.warn("({}) error re-connecting - {}", address.joined(), e.getMessage());
                    if (!stopping) {
                        reconnectLater();
                    }
                    return null;
                }), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the consumer stopped meanwhile
            }
        }

        @Override
        public String toString() {
            return address.joined();
        }
    }
}
