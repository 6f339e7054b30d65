package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.diskqueue.DiskQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A drained queue gives its disk space back: at once after a full disk, and for large files. */
class DiskQueueRecycleTest {
    private static final String NAME = "t:c";
    private static final int MAX_MSG_SIZE = 2 * 1024 * 1024;

    @TempDir
    Path dir;

    private static Message msg(long i, int bodySize) {
        byte[] body = new byte[bodySize];
        byte[] tag = Long.toString(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, body, 0, tag.length);
        return new Message(0x18a3149e66c2a000L + i, i, body);
    }

    private static long idOf(Message m) {
        return m.id - 0x18a3149e66c2a000L;
    }

    private static List<String> dataFiles(Path in) throws IOException {
        try (Stream<Path> files = Files.list(in)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dat") && !n.contains("meta"))
                    .sorted().toList();
        }
    }

    @Test
    void aDrainedFileOfRecycleSizeIsDeletedAndWritingGoesOnInTheNextFile() throws Exception {
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 1L << 30, MAX_MSG_SIZE, 2500, Duration.ofHours(1));
        int count = (int) (DiskQueue.RECYCLE_BYTES / (1024 * 1024)) + 1;
        for (int i = 0; i < count; i++) {
            q.put(msg(i, 1024 * 1024));
        }
        for (int i = 0; i < count; i++) {
            assertThat(idOf(q.poll())).isEqualTo(i);
        }
        assertThat(dataFiles(dir)).containsExactly(NAME + ".diskqueue.000000.dat");

        assertThat(q.poll()).isNull();

        assertThat(dataFiles(dir)).isEmpty();
        q.put(msg(100, 10));
        assertThat(dataFiles(dir)).containsExactly(NAME + ".diskqueue.000001.dat");
        q.close();
        MessageDiskQueue reopened = new MessageDiskQueue(NAME, dir, 1L << 30, MAX_MSG_SIZE, 2500, Duration.ofHours(1));
        assertThat(idOf(reopened.poll())).isEqualTo(100);
        assertThat(reopened.poll()).isNull();
        reopened.close();
    }

    @Test
    void aDrainedSmallFileIsKeptAsNsqKeepsIt() throws Exception {
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 1L << 30, MAX_MSG_SIZE, 2500, Duration.ofHours(1));
        q.put(msg(0, 1000));
        assertThat(idOf(q.poll())).isEqualTo(0);
        assertThat(q.poll()).isNull();

        q.put(msg(1, 1000));
        assertThat(dataFiles(dir)).containsExactly(NAME + ".diskqueue.000000.dat");
        q.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFullDiskRefusesWritesLosesNothingAndTakesWritesAgainOnceDrained() throws Exception {
        for (long maxBytesPerFile : new long[] {1L << 30, 256 * 1024}) {
            Path fs = Files.createDirectory(dir.resolve("fs-" + maxBytesPerFile));
            try (SmallFileSystem mounted = SmallFileSystem.mount(fs, "2m")) {
                MessageDiskQueue q = new MessageDiskQueue(NAME, fs, maxBytesPerFile, MAX_MSG_SIZE, 1,
                        Duration.ofHours(1));
                try {
                    fillDrainAndWriteAgain(q, maxBytesPerFile);
                    assertThat(dataFiles(fs)).as("files left with max-bytes-per-file %d", maxBytesPerFile)
                            .hasSizeLessThanOrEqualTo(1);
                } finally {
                    q.close();
                }
            }
        }
    }

    /** Fills the file system, drains every message written, writes and drains again: nothing lost or extra. */
    private static void fillDrainAndWriteAgain(MessageDiskQueue q, long maxBytesPerFile) throws Exception {
        long written = 0;
        while (true) {
            try {
                q.put(msg(written, 4096));
                written++;
            } catch (BackendException e) {
                assertThat(e.getMessage()).as("max-bytes-per-file %d", maxBytesPerFile)
                        .contains("No space left on device");
                break;
            }
            assertThat(written).as("a 2 MiB file system fills").isLessThan(1000);
        }
        long refused = written;
        assertThatThrownBy(() -> q.put(msg(refused, 4096))).as("still full").isInstanceOf(BackendException.class);

        for (long i = 0; i < written; i++) {
            Message m = q.poll();
            assertThat(m).as("message %d of %d", i, written).isNotNull();
            assertThat(idOf(m)).isEqualTo(i);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.depth()).isZero();

        for (long i = 0; i < written / 2; i++) {
            q.put(msg(1000 + i, 4096));
        }
        for (long i = 0; i < written / 2; i++) {
            assertThat(idOf(q.poll())).isEqualTo(1000 + i);
        }
        assertThat(q.poll()).isNull();
    }
}
