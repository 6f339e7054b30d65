package io.jnsq.nsqd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The disk queue's cost per message: an MPUB of {@value #BATCH} 200-byte messages written (one write for the batch)
 * and read back, with NSQ's default sync policy (fsync every 2,500 operations, on the sync thread) or
 * {@code --sync-every=1} (an fsync per write before it returns; reads and releases synced on the sync thread, one
 * sync at a time); a channel's queue, which holds its reads until they are released, or a topic's. Files in a temporary directory (the file system's page cache decides much).
 *
 * <p>Run: {@code bench/jmh nsqd DiskQueueBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiskQueueBenchmark {
    static final int BATCH = 200;

    @Param({"2500", "1"})
    long syncEvery;

    @Param({"true", "false"})
    boolean holdReads;

    private Path dir;
    private DiskQueue queue;
    /** As nsqd's: the periodic syncs run on a thread of their own, one at a time. */
    private ExecutorService syncer;
    private final List<Message> batch = new ArrayList<>(BATCH);

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("diskqueue-bench");
        syncer = Executors.newSingleThreadExecutor();
        queue = new DiskQueue("t:c", dir, 100L << 20, 1 << 20, syncEvery, Duration.ofSeconds(2), syncer, holdReads);
        for (int i = 0; i < BATCH; i++) {
            batch.add(new Message(i + 1, System.nanoTime(), new byte[200]));
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        queue.delete();
        syncer.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Per message: its share of one batched write, then its read (and release, for a channel's queue). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long writeAndRead() throws BackendException {
        queue.putAll(batch);
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            Message m = queue.poll();
            sum += m.id;
            if (m.diskMark != 0) {
                queue.release(m.diskMark);
            }
        }
        return sum;
    }
}
