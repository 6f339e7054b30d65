package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.server.Nsqd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory queue's share of nsqd's {@link MemoryBudget}: taken as messages wait, all given back as they leave. */
class MessageQueueTest {
    private static final int BODY = 1000;
    private static final long SIZE = MemoryBudget.MESSAGE_OVERHEAD + BODY;

    @TempDir
    Path dir;
    private Nsqd nsqd;
    private MessageQueue queue;
    private MessageDiskQueue backend;

    @BeforeEach
    void setUp() {
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dir.toString();
        nsqd = new Nsqd(options); // not started: it only lends its budget and health
        backend = new MessageDiskQueue("t", dir, 1 << 20, 1 << 20, 2500, Duration.ofHours(1));
        queue = new MessageQueue(nsqd.broker(), backend, null, (messages, acknowledged, failure) -> { });
    }

    @AfterEach
    void tearDown() {
        backend.close();
        nsqd.close();
    }

    private static List<Message> messages(int count) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Message(i + 1, 0, new byte[BODY]));
        }
        return out;
    }

    @Test
    void messagesInMemoryTakeTheirSizeFromTheBudgetAndGiveItBackWhenPolled() throws Exception {
        long before = nsqd.broker().memoryBudget().used();
        queue.putAll(messages(1000), 10_000, null);
        assertThat(queue.memorySize()).isEqualTo(1000);
        assertThat(nsqd.broker().memoryBudget().used() - before)
                .isBetween(1000 * SIZE - MemoryBudget.BATCH_BYTES, 1000 * SIZE);
        for (int i = 0; i < 1000; i++) {
            assertThat(queue.poll()).isNotNull();
        }
        assertThat(Math.abs(nsqd.broker().memoryBudget().used() - before)).isLessThan(MemoryBudget.BATCH_BYTES);
    }

    @Test
    void emptyingAndFlushingGiveEverythingBack() throws Exception {
        long before = nsqd.broker().memoryBudget().used();
        queue.putAll(messages(500), 10_000, null);
        queue.empty();
        assertThat(nsqd.broker().memoryBudget().used()).isEqualTo(before);
        queue.putAll(messages(500), 10_000, null);
        assertThat(queue.flushToBackend(List.of(), "t")).isTrue();
        assertThat(nsqd.broker().memoryBudget().used()).isEqualTo(before);
        assertThat(backend.depth()).isEqualTo(500);
    }

    @Test
    void aMessageSharedByTheChannelsOfAFanOutTakesItsSizeOnceFromTheBudgetWhateverTheirNumber() throws Exception {
        MessageDiskQueue[] backends = new MessageDiskQueue[4];
        MessageQueue[] channels = new MessageQueue[4];
        for (int i = 0; i < 4; i++) {
            backends[i] = new MessageDiskQueue("t:c" + i, dir, 1 << 20, 1 << 20, 2500, Duration.ofHours(1));
            channels[i] = new MessageQueue(nsqd.broker(), backends[i], null, (messages, acknowledged, failure) -> { });
        }
        try {
            List<Message> published = messages(1000);
            published.forEach(m -> m.sharedBy = (char) 4); // as Topic hands one object to its 4 channels
            long before = nsqd.broker().memoryBudget().used();
            for (MessageQueue channel : channels) {
                channel.putAll(published, 10_000, null);
            }
            assertThat(nsqd.broker().memoryBudget().used() - before)
                    .isBetween(1000 * SIZE - 4 * MemoryBudget.BATCH_BYTES, 1000 * SIZE);
            for (MessageQueue channel : channels) {
                channel.empty();
            }
            assertThat(nsqd.broker().memoryBudget().used()).isEqualTo(before);
        } finally {
            for (MessageDiskQueue backend : backends) {
                backend.close();
            }
        }
    }
}
