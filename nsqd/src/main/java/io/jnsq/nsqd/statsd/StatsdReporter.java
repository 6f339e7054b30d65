package io.jnsq.nsqd.statsd;

import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.JvmMemStats;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes nsqd's stats to statsd over UDP every {@code --statsd-interval}, as NSQ's {@code statsdLoop}: the first
 * push one interval after start; each push takes the stats without clients, turns them into lines
 * ({@link StatsdMetrics}), packs the lines into packets ({@link StatsdPackets}) and spreads the packets evenly
 * over the interval less one second, so that a large nsqd does not burst thousands of datagrams at the daemon.
 * The address is resolved at every push, as NSQ dials at every push; a push that cannot resolve it is skipped
 * and its counters go into the next one. Runs on nsqd's timer thread: a push and its packets never block it.
 */
public final class StatsdReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsdReporter.class);
    /** NSQ leaves the last second of an interval free of packets. */
    private static final Duration SPREAD_MARGIN = Duration.ofSeconds(1);

    private final String address;
    private final Duration interval;
    private final int packetSize;
    private final Supplier<NsqdStats> stats;
    private final Supplier<MemStats> memory;
    private final StatsdMetrics metrics;
    private final ScheduledExecutorService timer;
    private final DatagramChannel socket;
    private ScheduledFuture<?> loop;
    /** Packets of the last push still to send, and their destination. */
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private InetSocketAddress pendingTarget;
    private ScheduledFuture<?> spreading;
    private boolean closed;

    /**
     * @param prefix the resolved key prefix ({@link StatsdPrefix})
     * @param memory the memory figures, or {@code null} without {@code --statsd-mem-stats}
     */
    StatsdReporter(NsqdOptions options, String prefix, Supplier<NsqdStats> stats, Supplier<MemStats> memory,
                   ScheduledExecutorService timer) {
        this.address = options.statsdAddress;
        this.interval = options.statsdInterval;
        this.packetSize = options.statsdUdpPacketSize;
        this.stats = stats;
        this.memory = memory;
        this.metrics = new StatsdMetrics(prefix, options.statsdExcludeEphemeral);
        this.timer = timer;
        try {
            this.socket = DatagramChannel.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket for statsd", e);
        }
    }

    /**
     * Starts pushing {@code nsqd}'s stats on {@code timer}.
     *
     * @param prefix every key's prefix, resolved ({@link StatsdPrefix})
     */
    public static StatsdReporter start(Broker broker, ScheduledExecutorService timer, String prefix) {
        NsqdOptions options = broker.options();
        StatsdReporter reporter = new StatsdReporter(options, prefix, () -> broker.stats("", "", false),
                options.statsdMemStats ? JvmMemStats::read : null, timer);
        reporter.scheduleEvery(options.statsdInterval);
        return reporter;
    }

    private synchronized void scheduleEvery(Duration period) {
        loop = timer.scheduleAtFixedRate(this::push, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One push: what the timer runs every interval. */
    synchronized void push() {
        if (closed) {
            return;
        }
        try {
            sendPending(); // a late timer must not mix two pushes' packets
            InetSocketAddress target = resolve();
            if (target == null) {
                return;
            }
            log.info("STATSD: pushing stats to {}", address);
            List<String> lines = metrics.next(stats.get(), memory == null ? null : memory.get());
            spread(StatsdPackets.pack(lines, packetSize), target);
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task: log it and push again next time
            log.error("STATSD: push failed - {}", e.toString(), e);
        }
    }

    private InetSocketAddress resolve() {
        try {
            InetSocketAddress target = HostPort.parse(address).dialAddress();
            if (!target.isUnresolved()) {
                return target;
            }
        } catch (IllegalArgumentException e) {
            log.debug("STATSD: bad address {} - {}", address, e.getMessage());
        }
        log.error("failed to create UDP socket to statsd({})", address);
        return null;
    }

    /** The first packet at once, the others one step apart over the interval less a second. */
    private void spread(List<byte[]> packets, InetSocketAddress target) {
        if (packets.isEmpty()) {
            return;
        }
        pending.addAll(packets);
        pendingTarget = target;
        long step = (interval.toNanos() - SPREAD_MARGIN.toNanos()) / packets.size();
        if (step <= 0) {
            sendPending();
            return;
        }
        sendNext();
        if (!pending.isEmpty()) {
            spreading = timer.scheduleAtFixedRate(this::sendNext, step, step, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void sendNext() {
        byte[] packet = pending.poll();
        if (packet != null) {
            send(packet);
        }
        if (pending.isEmpty() && spreading != null) {
            spreading.cancel(false);
            spreading = null;
        }
    }

    private void sendPending() {
        while (!pending.isEmpty()) {
            sendNext();
        }
    }

    /** Like NSQ's writes to its UDP connection, a failed send is not retried: statsd is best effort. */
    private void send(byte[] packet) {
        try {
            socket.send(ByteBuffer.wrap(packet), pendingTarget);
        } catch (IOException e) {
            log.debug("STATSD: send to {} failed - {}", pendingTarget, e.toString());
        }
    }

    /** Stops pushing; packets of a push still being spread go out at once, as NSQ skips its waits at exit. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop != null) {
            loop.cancel(false);
        }
        sendPending();
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("STATSD: closing the socket failed - {}", e.toString());
        }
        log.info("STATSD: closing");
    }
}
