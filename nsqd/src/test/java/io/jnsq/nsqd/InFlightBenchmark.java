package io.jnsq.nsqd;

import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A consumer's in-flight bookkeeping on the hot path: a message delivered (found by ID later, expiring at a
 * deadline) and the oldest one finished, with {@code window} messages in flight (RDY). Ours, {@link InFlightQueue}
 * (a {@link MessageIdMap} and a list ordered by deadline), against what NSQ does and a JDK map would do: an indexed
 * heap by deadline ({@link MessagePriorityQueue}, NSQ's inFlightPQ) beside a {@code HashMap<Long, Message>}.
 *
 * <p>Run: {@code bench/jmh nsqd InFlightBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InFlightBenchmark {
    @Param({"100", "2500"})
    int window;

    private final InFlightQueue inFlight = new InFlightQueue();
    private final MessagePriorityQueue heap = new MessagePriorityQueue(16);
    private final HashMap<Long, Message> byId = new HashMap<>();
    /** The messages in flight, oldest first, as a ring: what each step finishes and delivers again. */
    private Message[] ring;
    private int oldest;
    private long nextId;
    private long now;

    @Setup
    public void fill() {
        ring = new Message[window];
        for (int i = 0; i < window; i++) {
            Message m = new Message(++nextId, 0, new byte[0]);
            ring[i] = m;
            inFlight.add(m, now, now + 60_000);
            now++;
        }
    }

    /** Ours: FIN the oldest by ID, deliver a new one with a later deadline. */
    @Benchmark
    public Message inFlightQueue() {
        Message done = inFlight.remove(ring[oldest].id);
        Message m = new Message(++nextId, 0, new byte[0]);
        inFlight.add(m, now, now + 60_000);
        now++;
        ring[oldest] = m;
        oldest = (oldest + 1) % window;
        return done;
    }

    /** NSQ's shape, and the JDK's map: the same steps with a heap and a boxed map. */
    @Benchmark
    public Message heapAndHashMap() {
        if (byId.isEmpty()) {
            for (Message m : ring) {
                byId.put(m.id, m);
                heap.push(m, now + 60_000);
            }
        }
        Message done = byId.remove(ring[oldest].id);
        heap.remove(done);
        Message m = new Message(++nextId, 0, new byte[0]);
        byId.put(m.id, m);
        heap.push(m, now + 60_000);
        now++;
        ring[oldest] = m;
        oldest = (oldest + 1) % window;
        return done;
    }
}
