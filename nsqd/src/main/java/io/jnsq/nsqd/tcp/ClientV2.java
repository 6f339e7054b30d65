package io.jnsq.nsqd.tcp;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.ClientStats.PubCount;
import io.jnsq.nsqd.Consumer;
import io.jnsq.nsqd.Delivery;
import io.jnsq.nsqd.Message;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.tls.TlsNames;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * One V2 connection: its negotiated settings and state, and the loop that writes what its {@link Delivery} (RDY,
 * in-flight messages, sampling) takes from its channel to its socket, with output buffering, heartbeats and the
 * write deadline. Everything here runs on the connection's event loop except {@link #wake()} and the stats
 * getters.
 *
 * <p>The counters shown in /stats are plain fields written on the event loop only: a message costs no atomic
 * or fenced write for them, and {@link #stats()} reads them racily from another thread (a 64-bit JVM does not
 * tear a {@code long}), seeing values at most a moment old.
 */
final class ClientV2 implements Consumer {
    static final int STATE_INIT = 0;
    static final int STATE_SUBSCRIBED = 3;
    static final int STATE_CLOSING = 4;
    /** Fired down the pipeline when the client sent nothing for two heartbeat intervals. */
    static final Object READ_TIMEOUT = new Object();
    private static final int DEFAULT_OUTPUT_BUFFER_SIZE = 16 * 1024;
    /** Messages taken from the channel per lock acquisition. */
    private static final int MAX_BATCH = 128;

    private final long id;
    private final NsqdOptions options;
    private final io.netty.channel.Channel socket;
    private final EventLoop loop;
    private final long connectTime = System.currentTimeMillis() / 1000;
    private final String remoteAddress;
    /** The peer's IP as the auth server is told it; empty for a unix socket. */
    private final String remoteIp;

    // Settings from IDENTIFY; written on the event loop, read by stats.
    volatile String clientId;
    volatile String hostname;
    volatile String userAgent = "";
    volatile String topologyRegion = "";
    volatile String topologyZone = "";
    volatile long heartbeatIntervalMs;
    volatile int outputBufferSize = DEFAULT_OUTPUT_BUFFER_SIZE;
    volatile long outputBufferTimeoutMs;
    volatile int sampleRate;
    volatile long msgTimeoutMs;
    // Negotiated features and identity, shown in stats; set by the TLS, compression and AUTH upgrades.
    volatile boolean deflate;
    volatile boolean snappy;
    volatile boolean tls;
    volatile String tlsCipherSuite = "";
    volatile String tlsVersion = "";
    volatile String tlsNegotiatedProtocol = "";
    volatile boolean tlsNegotiatedProtocolIsMutual;
    /** The CN of the client's certificate, for the auth servers; empty without one. */
    volatile String tlsCommonName = "";
    /** IDENTIFY switched the stream (TLS or compression): bytes read through the old one are void. */
    boolean streamSwitched;
    volatile boolean authed;
    volatile String authIdentity = "";
    volatile String authIdentityUrl = "";

    volatile int state = STATE_INIT;
    private final Delivery delivery;
    /** Per topic published to; the map is read by stats, each count written on the event loop only. */
    private final Map<String, PubCounter> pubCounts = new ConcurrentHashMap<>();
    /** The topic of the last publish: publishers mostly repeat one, which then costs no map lookup. */
    private PubCounter lastPubCounter;

    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ArrayList<Message> batch = new ArrayList<>(MAX_BATCH);
    private int unflushedBytes;
    /** {@link System#nanoTime()} of the last flush of messages; "long ago" at first, so the first goes out at once. */
    private long lastFlush = System.nanoTime() - Long.MAX_VALUE / 2;
    private boolean responsePending;
    private ScheduledFuture<?> flushTask;
    private ScheduledFuture<?> timeoutTask;
    private long timeoutTaskAt;
    private ScheduledFuture<?> heartbeatTask;
    private ScheduledFuture<?> readDeadlineTask;
    private long lastRead = System.nanoTime();
    private long unwritableSince;
    private boolean closed;

    ClientV2(long id, NsqdOptions options, io.netty.channel.Channel socket) {
        this.id = id;
        this.options = options;
        this.socket = socket;
        this.loop = socket.eventLoop();
        SocketAddress remote = socket.remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            this.remoteAddress = HostPort.format(inet); // Go's RemoteAddr().String()
            this.clientId = inet.getAddress().getHostAddress();
            this.remoteIp = clientId;
        } else {
            this.remoteIp = "";
            this.remoteAddress = String.valueOf(remote);
            this.clientId = "";
        }
        this.hostname = clientId;
        this.heartbeatIntervalMs = options.defaultHeartbeatInterval.toMillis();
        this.outputBufferTimeoutMs = options.outputBufferTimeout.toMillis();
        this.msgTimeoutMs = options.msgTimeout.toMillis();
        this.delivery = new Delivery(this, options.maxMsgTimeout);
    }

    long id() {
        return id;
    }

    io.netty.channel.ChannelPipeline pipeline() {
        return socket.pipeline();
    }

    /** The TLS handshake finished: the connection counts as TLS from here on (NSQ's client.TLS). */
    void tlsEstablished(SSLSession session, String applicationProtocol) {
        tlsVersion = TlsNames.version(session.getProtocol());
        tlsCipherSuite = session.getCipherSuite();
        tlsNegotiatedProtocol = applicationProtocol == null ? "" : applicationProtocol;
        tlsNegotiatedProtocolIsMutual = true; // Go's ConnectionState always says so
        tlsCommonName = TlsNames.peerCommonName(session);
        tls = true;
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return socket.alloc();
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String remoteIp() {
        return remoteIp;
    }

    long connectTime() {
        return connectTime;
    }

    Channel subscription() {
        return delivery.channel();
    }

    void subscribe(Channel channel) {
        delivery.subscribe(channel);
        state = STATE_SUBSCRIBED;
    }

    // ---- RDY and delivery ----

    void setReadyCount(long count) {
        delivery.setReadyCount(count);
        drain();
    }

    long readyCount() {
        return delivery.readyCount();
    }

    /** CLS: no more messages; in-flight ones may still be finished. */
    void startClose() {
        state = STATE_CLOSING;
        delivery.setReadyCount(0);
    }

    /** How many more messages this client takes now: none unless subscribed and RDY allows. */
    private int room() {
        return state == STATE_SUBSCRIBED ? delivery.room() : 0;
    }

    @Override
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            loop.execute(() -> {
                wakePending.set(false);
                drain();
            });
        }
    }

    /**
     * Moves messages from the channel to the socket while this client is ready and the socket keeps up. A
     * client that stops reading fills its socket, stops being writable and stops taking messages, so it never
     * holds up other consumers.
     */
    void drain() {
        if (closed || delivery.channel() == null) {
            return;
        }
        int room;
        while ((room = room()) > 0 && socket.isWritable()) {
            long now = System.nanoTime();
            // cleared first: a flush in writeMessages can make the socket writable again and run drain() inside
            // this one, which then finds this batch written and takes its own
            batch.clear();
            int taken = delivery.take(Math.min(room, MAX_BATCH), batch, now,
                    now + TimeUnit.MILLISECONDS.toNanos(msgTimeoutMs), sampleRate);
            if (!batch.isEmpty()) {
                writeMessages(batch);
            }
            if (taken == 0) {
                break;
            }
        }
        batch.clear();
        delivery.releaseFinished(); // messages sampling dropped
        if (room() == 0) {
            flushNow();
        } else if (unflushedBytes > 0) {
            scheduleTimedFlush();
        }
    }

    private void writeMessages(ArrayList<Message> messages) {
        int bytes = 0;
        for (Message m : messages) {
            bytes += Frames.MESSAGE_FRAME_OVERHEAD + m.body().length;
        }
        ByteBuf out = socket.alloc().ioBuffer(bytes);
        for (Message m : messages) {
            Frames.writeMessage(out, m.id(), m.timestamp(), m.attempts(), m.body());
        }
        unflushedBytes += out.readableBytes();
        socket.write(out, socket.voidPromise());
        if (unflushedBytes >= outputBufferSize) {
            flushNow();
        }
        scheduleTimeoutCheck();
    }

    // ---- FIN, REQ, TOUCH and timeouts ----

    /** FIN; {@code null} on success, else NSQ's reason. */
    String finish(long messageId) {
        return delivery.finish(messageId);
    }

    /** REQ; {@code null} on success, else NSQ's reason. */
    String requeue(long messageId, long delayMillis) {
        return delivery.requeue(messageId, TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }

    /** TOUCH; {@code null} on success, else NSQ's reason. */
    String touch(long messageId) {
        String failure = delivery.touch(messageId, System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(msgTimeoutMs));
        if (failure == null) {
            scheduleTimeoutCheck();
        }
        return failure;
    }

    @Override
    public boolean holds(long messageId) {
        return delivery.holds(messageId);
    }

    private void scheduleTimeoutCheck() {
        long next = delivery.nextDeadline();
        if (next == Long.MAX_VALUE) {
            return;
        }
        if (timeoutTask != null) {
            if (timeoutTaskAt - next <= 0) {
                return;
            }
            timeoutTask.cancel(false);
        }
        timeoutTaskAt = next;
        timeoutTask = loop.schedule(this::processTimeouts, Math.max(0, next - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void processTimeouts() {
        timeoutTask = null;
        if (closed) {
            return;
        }
        boolean any = delivery.expire(System.nanoTime());
        scheduleTimeoutCheck();
        if (any) {
            drain();
        }
    }

    @Override
    public int inFlightCount() {
        return delivery.inFlightCount();
    }

    @Override
    public int heldCount() {
        return delivery.heldCount();
    }

    @Override
    public void emptyInFlight() {
        loop.execute(() -> {
            delivery.forgetInFlight();
            drain();
        });
    }

    @Override
    public void close() {
        socket.close();
    }

    // ---- frames other than messages ----

    /** Writes a response or error frame; it is flushed with everything before it at the end of the read. */
    void writeFrame(ByteBuf frame) {
        socket.write(frame, socket.voidPromise());
        responsePending = true;
    }

    /** Flushes the responses written so far (and the messages buffered before them) now. */
    void flushResponses() {
        if (responsePending) {
            responsePending = false;
            flushNow();
        }
    }

    /** End of a batch of reads: flush responses (and the messages buffered before them), then deliver more. */
    void readComplete() {
        delivery.releaseFinished();
        flushResponses();
        drain();
    }

    private void flushNow() {
        // the output_buffer_timeout paces messages: a flush of responses alone (IDENTIFY's, SUB's) does not hold the
        // next message back
        if (unflushedBytes > 0) {
            unflushedBytes = 0;
            lastFlush = System.nanoTime();
        }
        socket.flush();
    }

    /**
     * Buffered messages go out at most one output_buffer_timeout after the previous flush of messages. Like NSQ's
     * flush ticker this bounds both the delay and the write rate; unlike a free-running ticker, a message arriving
     * after a quiet spell (or as the first after subscribing) is sent at once instead of waiting for the next tick.
     */
    private void scheduleTimedFlush() {
        long timeout = TimeUnit.MILLISECONDS.toNanos(outputBufferTimeoutMs);
        long wait = lastFlush + timeout - System.nanoTime();
        if (timeout <= 0 || wait <= 0) {
            flushNow();
            return;
        }
        if (flushTask == null) {
            flushTask = loop.schedule(() -> {
                flushTask = null;
                if (unflushedBytes > 0) {
                    flushNow();
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    // ---- heartbeats and the write deadline ----

    /**
     * (Re)starts heartbeats and the read deadline (two intervals of silence close the connection) at the
     * current interval; neither when heartbeats are disabled.
     */
    void startHeartbeats() {
        cancel(heartbeatTask);
        cancel(readDeadlineTask);
        heartbeatTask = null;
        readDeadlineTask = null;
        if (heartbeatIntervalMs > 0) {
            heartbeatTask = loop.scheduleAtFixedRate(this::heartbeat, heartbeatIntervalMs, heartbeatIntervalMs,
                    TimeUnit.MILLISECONDS);
            scheduleReadDeadline();
        }
    }

    /** Bytes arrived from the client. */
    void readSomething() {
        lastRead = System.nanoTime();
    }

    private void scheduleReadDeadline() {
        long deadline = lastRead + TimeUnit.MILLISECONDS.toNanos(2 * heartbeatIntervalMs);
        readDeadlineTask = loop.schedule(() -> {
            if (closed || heartbeatIntervalMs <= 0) {
                return;
            }
            if (System.nanoTime() - (lastRead + TimeUnit.MILLISECONDS.toNanos(2 * heartbeatIntervalMs)) >= 0) {
                socket.pipeline().fireUserEventTriggered(READ_TIMEOUT);
            } else {
                scheduleReadDeadline();
            }
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void heartbeat() {
        // NSQ's write deadline is one heartbeat interval: a peer that has not drained our writes for that long
        // is gone or stuck.
        if (unwritableSince != 0 && System.nanoTime() - unwritableSince
                >= TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs)) {
            socket.close();
            return;
        }
        ByteBuf frame = socket.alloc().ioBuffer(8 + Frames.HEARTBEAT.length);
        Frames.writeResponse(frame, Frames.HEARTBEAT);
        socket.write(frame, socket.voidPromise());
        flushNow();
    }

    void writabilityChanged() {
        if (socket.isWritable()) {
            unwritableSince = 0;
            drain();
        } else if (unwritableSince == 0) {
            unwritableSince = System.nanoTime();
        }
    }

    /** The connection is gone: leave the channel and give back in-flight messages now, not at their timeout. */
    void closed() {
        closed = true;
        state = STATE_CLOSING;
        cancel(heartbeatTask);
        cancel(readDeadlineTask);
        cancel(flushTask);
        cancel(timeoutTask);
        delivery.leave();
    }

    // ---- stats ----

    /** Counts a successful publish; returns true for this connection's first, which makes it a producer. */
    boolean countPublished(String topic, int messages) {
        PubCounter counter = lastPubCounter;
        boolean first = false;
        if (counter == null || !counter.topic.equals(topic)) {
            first = pubCounts.isEmpty();
            counter = pubCounts.computeIfAbsent(topic, PubCounter::new);
            lastPubCounter = counter;
        }
        counter.count += messages;
        return first;
    }

    private static final class PubCounter {
        final String topic;
        long count;

        PubCounter(String topic) {
            this.topic = topic;
        }
    }

    @Override
    public ClientStats stats() {
        List<PubCount> published = new ArrayList<>(pubCounts.size());
        for (PubCounter counter : pubCounts.values()) {
            published.add(new PubCount(counter.topic, counter.count));
        }
        published.sort(Comparator.comparing(PubCount::topic));
        return new ClientStats(clientId, hostname, "V2", remoteAddress, state, delivery.readyCount(),
                delivery.inFlightCount(), delivery.messageCount(), delivery.finishCount(), delivery.requeueCount(),
                connectTime, sampleRate, deflate, snappy, userAgent, authed,
                authIdentity, authIdentityUrl, topologyZone, topologyRegion, published, tls, tlsCipherSuite,
                tlsVersion, tlsNegotiatedProtocol, tlsNegotiatedProtocolIsMutual);
    }

    long messageCount() {
        return delivery.messageCount();
    }

    long finishCount() {
        return delivery.finishCount();
    }

    long requeueCount() {
        return delivery.requeueCount();
    }
}
