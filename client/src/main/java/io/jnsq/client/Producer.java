package io.jnsq.client;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frame;
import io.jnsq.protocol.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to nsqd over one TCP connection, as go-nsq's {@code Producer}: PUB, MPUB and DPUB, blocking or
 * asynchronous. Safe for any number of threads; their publishes share the connection, and nsqd answers them in
 * the order they were sent.
 *
 * <pre>{@code
 * try (Producer producer = new Producer("127.0.0.1:4150", Config.defaults())) {
 *     producer.publish("events", "hello".getBytes(UTF_8));
 *     producer.publishAsync("events", body).thenRun(() -> ...);
 * }
 * }</pre>
 *
 * <p>The connection is made at the first publish and made again after it is lost. Given several nsqd, the producer
 * publishes to the first it can reach and moves to the next when that connection fails; a publish that was on the
 * failed connection fails (nsqd may or may not have it) and is not sent again by the producer.
 *
 * <p>PUBs that many threads make at once, for the same topic, leave as one MPUB when they are waiting to be written
 * together; a PUB made alone leaves alone, at once.
 *
 * <p>At most {@code maxPending} publishes wait for nsqd's answer at a time; past that, the publishing thread waits
 * for room (back-pressure) rather than the producer buffering without bound.
 */
public final class Producer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Producer.class);
    /** Enough to keep a connection busy: bench_writer's pipeline of MPUBs never needs more. */
    public static final int DEFAULT_MAX_PENDING = 10_000;

    private final List<HostPort> addresses;
    private final Config config;
    private final ClientLoops loops;
    private final AtomicBoolean released = new AtomicBoolean();
    private final Semaphore room;
    private final int maxPending;
    private final Object lock = new Object();
    private CompletableFuture<Connection> connection;
    /** The last publish made while connecting; it completes with the connection once that publish is written. */
    private CompletableFuture<Connection> ordered;
    private int next;
    private volatile boolean closed;

    /** A producer for one nsqd, {@code host:port} of its TCP listener. */
    public Producer(String nsqdTcpAddress, Config config) {
        this(List.of(nsqdTcpAddress), config, DEFAULT_MAX_PENDING);
    }

    /** A producer for several nsqd, in order of preference, with at most {@code maxPending} unanswered publishes. */
    public Producer(List<String> nsqdTcpAddresses, Config config, int maxPending) {
        if (nsqdTcpAddresses.isEmpty()) {
            throw new IllegalArgumentException("no nsqd address");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
        this.addresses = nsqdTcpAddresses.stream().map(HostPort::parse).toList();
        this.config = config;
        this.maxPending = maxPending;
        this.room = new Semaphore(maxPending);
        this.loops = ClientLoops.acquire();
    }

    /** PUB: returns once nsqd has the message. */
    public void publish(String topic, byte[] body) {
        await(publishAsync(topic, body));
    }

    /** PUB, answered later: the future completes when nsqd has the message, or fails with its error. */
    public CompletableFuture<Void> publishAsync(String topic, byte[] body) {
        if (Connection.isMergeable(body)) {
            return send(c -> c.publish(topic, body));
        }
        return send(c -> c.command("PUB", 64 + topic.length() + body.length, out -> Commands.pub(out, topic, body)));
    }

    /** MPUB: several messages in one command, all or none. */
    public void multiPublish(String topic, List<byte[]> bodies) {
        await(multiPublishAsync(topic, bodies));
    }

    public CompletableFuture<Void> multiPublishAsync(String topic, List<byte[]> bodies) {
        if (bodies.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("MPUB needs at least one message"));
        }
        int size = 64 + topic.length();
        for (byte[] body : bodies) {
            size += 4 + body.length;
        }
        int encoded = size;
        return send(c -> c.command("MPUB", encoded, out -> Commands.mpub(out, topic, bodies)));
    }

    /** DPUB: the message reaches consumers after {@code delay}. */
    public void deferredPublish(String topic, Duration delay, byte[] body) {
        await(deferredPublishAsync(topic, delay, body));
    }

    public CompletableFuture<Void> deferredPublishAsync(String topic, Duration delay, byte[] body) {
        return send(c -> c.command("DPUB", 64 + topic.length() + body.length,
                out -> Commands.dpub(out, topic, delay.toMillis(), body)));
    }

    /** Connects if not connected, and checks that nsqd answers, as go-nsq's {@code Ping}: NOP is not answered, so
     * this waits for the handshake alone. */
    public void ping() {
        await(connection().thenApply(c -> null));
    }

    /** Issues a command on the connection, made first if need be, and waits for room before that. */
    private CompletableFuture<Void> send(Function<Connection, CompletableFuture<Frame>> command) {
        if (closed) {
            return CompletableFuture.failedFuture(new NsqException("producer closed"));
        }
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new NsqException("interrupted while waiting to publish", e));
        }
        CompletableFuture<Frame> answer;
        synchronized (lock) {
            connection();
            if (ordered.isDone() && !ordered.isCompletedExceptionally()) {
                answer = command.apply(ordered.join());
            } else {
                // the dependents of one future run in no given order (last first, in practice): each publish made
                // while connecting is written by the stage after the one before, so they leave in the order made
                CompletableFuture<Frame> queued = new CompletableFuture<>();
                ordered = ordered.thenApply(c -> {
                    command.apply(c).whenComplete((frame, failure) -> {
                        if (failure != null) {
                            queued.completeExceptionally(failure);
                        } else {
                            queued.complete(frame);
                        }
                    });
                    return c;
                });
                ordered.exceptionally(failure -> {
                    queued.completeExceptionally(failure);
                    return null;
                });
                answer = queued;
            }
        }
        return answer.handle((frame, failure) -> {
            room.release();
            if (failure != null) {
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            return null;
        });
    }

    /** The connection, made if there is none: to the next address after a failed one. */
    private CompletableFuture<Connection> connection() {
        synchronized (lock) {
            if (connection != null && !(connection.isDone() && (connection.isCompletedExceptionally()
                    || !connection.join().isActive()))) {
                return connection;
            }
            if (connection != null) {
                next = (next + 1) % addresses.size(); // the last one failed: try the next
            }
            HostPort address = addresses.get(next);
            CompletableFuture<Connection> opening = Connection.open(address, config, loops, new Listener());
            connection = opening;
            ordered = opening;
            return opening;
        }
    }

    /**
     * Waits for every publish sent so far to be answered (at most {@code timeout}), then closes the connection.
     * Publishing after close fails at once.
     */
    public void close(Duration timeout) {
        closed = true;
        try {
            if (room.tryAcquire(maxPending, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                room.release(maxPending);
            } else {
                log.warn("closing with {} publishes unanswered after {}", maxPending - room.availablePermits(),
                        timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture<Connection> last;
        synchronized (lock) {
            last = connection;
            connection = null;
        }
        if (last != null) {
            // one still opening (close timed out, or a ping) is closed when it opens, not left open
            CompletableFuture<Void> closing = last.thenCompose(Connection::close);
            if (last.isDone() && !last.isCompletedExceptionally()) {
                closing.join();
            }
        }
        if (!released.getAndSet(true)) {
            ClientLoops.release(loops);
        }
    }

    /** {@link #close(Duration)} with the write and read timeouts as the time allowed. */
    @Override
    public void close() {
        close(config.readTimeout().plus(config.writeTimeout()));
    }

    /** Waits for a future and throws what it failed with, unwrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new NsqException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NsqException("interrupted", e);
        }
    }

    private final class Listener implements Connection.Listener {
        @Override
        public void onMessage(Connection connection, Message message) {
            log.error("({}) a producer's connection got a message: {}", connection, message);
        }

        @Override
        public void onError(Connection connection, NsqErrorException error) {
            log.error("({}) {}", connection, error.getMessage());
        }

        @Override
        public void onClose(Connection connection, Throwable cause) {
            if (cause != null && !closed) {
                log.warn("({}) connection closed - {}", connection, cause.getMessage());
            }
        }
    }
}
