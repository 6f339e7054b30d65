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
 * Messages by ID as a consumer's in-flight set uses them: a window of {@code window} consecutive IDs (nsqd's IDs
 * are sequence numbers), one added and the oldest removed per step. {@link MessageIdMap} (primitive keys, open
 * addressing) against {@code HashMap<Long, Message>} (a boxed key and an entry object per message).
 *
 * <p>Run: {@code bench/jmh nsqd MessageIdMapBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageIdMapBenchmark {
    @Param({"100", "2500"})
    int window;

    private final MessageIdMap ours = new MessageIdMap();
    private final HashMap<Long, Message> jdk = new HashMap<>();
    private final Message message = new Message(0, 0, new byte[0]);
    private long next;

    @Setup
    public void fill() {
        for (next = 1; next <= window; next++) {
            ours.putIfAbsent(next, message);
            jdk.put(next, message);
        }
    }

    @Benchmark
    public Message messageIdMap() {
        Message done = ours.remove(next - window);
        ours.putIfAbsent(next++, message);
        return done;
    }

    @Benchmark
    public Message hashMap() {
        Message done = jdk.remove(next - window);
        jdk.put(next++, message);
        return done;
    }
}
