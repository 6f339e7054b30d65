package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Beyond --mem-queue-size messages live on disk, not on the heap: flooding a topic nobody reads, or a channel
 * nobody consumes, grows the data dir while the heap stays flat.
 */
@Timeout(120)
class BoundedMemoryTest extends ProtocolV2TestBase {
    private static final int BODY_SIZE = 1024;
    private static final int BATCH = 200;
    private static final int BATCHES = 500;
    private static final long PUBLISHED_BYTES = (long) BODY_SIZE * BATCH * BATCHES;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"topic without channels", "channel without consumers"})
    void floodingKeepsTheHeapFlatWhileTheDiskGrows(String target) {
        options.memQueueSize = 100;
        if (target.startsWith("channel")) {
            subscribe("flood", "idle").close();
        }
        roundTrip(producer());
        long heapBefore = liveHeap();

        List<byte[]> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] body = new byte[BODY_SIZE];
            Arrays.fill(body, (byte) ('a' + i % 26));
            batch.add(body);
        }
        for (int i = 0; i < BATCHES; i++) {
            producer().mpub("flood", batch).expectOk();
        }

        long heapGrowth = liveHeap() - heapBefore;
        assertThat(dataDirBytes()).isGreaterThan(PUBLISHED_BYTES);
        assertThat(heapGrowth).as("live heap growth after %d MB published", PUBLISHED_BYTES >> 20)
                .isLessThan(PUBLISHED_BYTES / 10);
        long depth = target.startsWith("channel") ? channel("flood", "idle").depth() : topic("flood").depth();
        assertThat(depth).isEqualTo((long) BATCH * BATCHES);
    }

    /** Heap in use after a full collection: what is really held. */
    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private long dataDirBytes() {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
