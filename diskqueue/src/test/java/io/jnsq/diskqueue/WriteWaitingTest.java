package io.jnsq.diskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader on an event loop does not wait for a write that waits for the disk (here: one that rolls the file, held
 * up in its format): {@code pollNow}, {@code isEmpty}, {@code depth} and {@code release} answer while it runs.
 */
@Timeout(30)
class WriteWaitingTest {
    private static final int RECORD = 4 + 8;

    @TempDir
    Path dir;
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThreads() {
        writer.shutdownNow();
        reader.shutdownNow();
    }

    /** Byte records whose write, once armed, stops until the test lets it go. */
    private static final class HeldUpFormat extends RecordingFormat {
        final CountDownLatch writing = new CountDownLatch(1);
        volatile CountDownLatch letGo;

        @Override
        public void write(byte[] item, ByteBuf out) {
            CountDownLatch wait = letGo;
            if (wait != null) {
                writing.countDown();
                try {
                    wait.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.write(item, out);
        }
    }

    private DiskQueue<byte[]> open(RecordFormat<byte[]> format) {
        return DiskQueue.builder("q", dir, format).maxBytesPerFile(2 * RECORD).syncTimeout(Duration.ofHours(1))
                .holdReads(true).open();
    }

    private static byte[] rec(int i) {
        return String.format("rec-%04d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] item) {
        return item == null ? null : new String(item, StandardCharsets.US_ASCII);
    }

    @Test
    void readsAnswerAtOnceWhileAWriteThatRollsTheFileWaitsAndCatchUpAfter() throws Exception {
        HeldUpFormat format = new HeldUpFormat();
        DiskQueue<byte[]> q = open(format);
        q.put(rec(0));
        q.put(rec(1)); // the file is full: the next write rolls it
        assertThat(text(q.poll())).isEqualTo("rec-0000");
        long firstMark = format.marks.get(0);

        CountDownLatch letGo = new CountDownLatch(1);
        format.letGo = letGo;
        Future<?> rolling = writer.submit(() -> {
            q.put(rec(2));
            return null;
        });
        assertThat(format.writing.await(10, TimeUnit.SECONDS)).as("the write started").isTrue();

        try {
            // on a thread of their own, so that one that waits for the write fails the test instead of hanging it
            assertThat(reader.submit(q::pollNow).get(10, TimeUnit.SECONDS)).as("nothing now, not waiting").isNull();
            assertThat(reader.submit(q::isEmpty).get(10, TimeUnit.SECONDS)).as("a write is on its way").isFalse();
            assertThat(reader.submit(q::depth).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            reader.submit(() -> q.release(firstMark)).get(10, TimeUnit.SECONDS);
            assertThat(rolling.isDone()).as("all of the above answered while the write still waited").isFalse();
        } finally {
            letGo.countDown();
        }
        rolling.get(10, TimeUnit.SECONDS);
        format.letGo = null;
        assertThat(text(q.pollNow())).isEqualTo("rec-0001");
        q.close();

        DiskQueue<byte[]> again = open(RecordFormat.BYTES);
        assertThat(text(again.poll())).as("the release made while the write waited counted").isEqualTo("rec-0001");
        assertThat(text(again.poll())).isEqualTo("rec-0002");
        assertThat(again.poll()).isNull();
        again.close();
    }

    @Test
    void aQuickWriteDoesNotTurnReadersAway() throws Exception {
        DiskQueue<byte[]> q = open(RecordFormat.BYTES);
        q.put(rec(0));
        assertThat(text(q.pollNow())).isEqualTo("rec-0000");
        assertThat(q.pollNow()).isNull();
        assertThat(q.isEmpty()).isTrue();
        q.close();
    }
}
