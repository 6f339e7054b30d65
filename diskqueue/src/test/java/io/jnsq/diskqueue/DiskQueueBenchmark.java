package io.jnsq.diskqueue;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The disk queue's cost per record: a batch of {@value #BATCH} records of {@value #PAYLOAD} bytes (a 200-byte message
 * as nsqd stores it; one write for the batch) written and read back, with NSQ's default sync policy (fsync every
 * 2,500 operations, on a sync thread) or {@code syncEvery} 1 (an fsync per write before it returns; reads and releases
 * synced on the sync thread, one sync at a time); a queue that holds its reads until they are released (a channel's in
 * nsqd), or one that does not (a topic's). Files in a temporary directory: the file system's page cache decides much.
 *
 * <p>Run: {@code bench/jmh diskqueue DiskQueueBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiskQueueBenchmark {
    static final int BATCH = 200;
    static final int PAYLOAD = 226;

    @Param({"2500", "1"})
    long syncEvery;

    @Param({"true", "false"})
    boolean holdReads;

    private Path dir;
    private DiskQueue<Marked> queue;
    /** As nsqd's: the periodic syncs run on a thread of their own, one at a time. */
    private ExecutorService syncer;
    private final List<Marked> batch = new ArrayList<>(BATCH);

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("diskqueue-bench");
        syncer = Executors.newSingleThreadExecutor();
        queue = DiskQueue.builder("t:c", dir, new MarkedBytes()).syncEvery(syncEvery).syncer(syncer)
                .holdReads(holdReads).open();
        for (int i = 0; i < BATCH; i++) {
            batch.add(new Marked(new byte[PAYLOAD], 0));
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

    /** Per record: its share of one batched write, then its read (and release, for a queue that holds reads). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long writeAndRead() throws DiskQueueException {
        queue.putAll(batch);
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            Marked record = queue.poll();
            sum += record.payload.length;
            if (record.mark != 0) {
                queue.release(record.mark);
            }
        }
        return sum;
    }

    /** A payload, read back with its mark, as nsqd keeps a message's. */
    record Marked(byte[] payload, long mark) {
    }

    /** The payload as it is; the mark is the queue's. */
    static final class MarkedBytes implements RecordFormat<Marked> {
        @Override
        public int payloadSize(Marked item) {
            return item.payload.length;
        }

        @Override
        public void write(Marked item, ByteBuf out) {
            out.writeBytes(item.payload);
        }

        @Override
        public Marked read(ByteBuffer buffer, int offset, int size, long mark) {
            return new Marked(RecordFormat.BYTES.read(buffer, offset, size, mark), mark);
        }
    }
}
