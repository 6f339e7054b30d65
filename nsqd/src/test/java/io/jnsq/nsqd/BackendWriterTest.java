package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The storage thread: publishes answered once written, waiting ones to a queue in one write, failures to each. */
@Timeout(10)
class BackendWriterTest {
    private final BackendWriter writer = new BackendWriter();

    @AfterEach
    void tearDown() {
        writer.close();
    }

    @Test
    void publishesWaitingForAQueueGoOutInOneWriteInTheOrderTheyWereHandedOver() throws Exception {
        GatedBackend backend = new GatedBackend();
        PublishWrites first = write(backend, 1, 2);
        assertThat(backend.entered.await(5, TimeUnit.SECONDS)).isTrue();
        List<PublishWrites> waiting = new ArrayList<>();
        for (int id = 3; id < 11; id += 2) {
            waiting.add(write(backend, id, id + 1));
        }
        assertThat(first).isNotDone();
        assertThat(waiting).noneMatch(PublishWrites::isDone);

        backend.release.countDown();
        first.join();
        waiting.forEach(PublishWrites::join);
        assertThat(backend.puts).containsExactly(List.of(1L, 2L), List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
        assertThat(backend.threads).containsOnly("nsqd-storage");
        assertThat(backend.told).containsExactly("stored 2", "stored 2", "stored 2", "stored 2", "stored 2");
    }

    @Test
    void aPublishToSeveralQueuesIsAnsweredOnceTheLastOfThemIsWritten() throws Exception {
        GatedBackend slow = new GatedBackend();
        GatedBackend fast = new GatedBackend();
        fast.release.countDown();
        PublishWrites publish = new PublishWrites(null);
        writer.write(slow, messages(1), publish);
        writer.write(fast, messages(1), publish);
        publish.sealed(null);
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(publish).isNotDone();

        slow.release.countDown();
        publish.join();
        assertThat(fast.puts).containsExactly(List.of(1L));
    }

    @Test
    void aFailedWriteFailsEveryPublishInIt() throws Exception {
        GatedBackend full = new GatedBackend();
        PublishWrites first = write(full, 1);
        assertThat(full.entered.await(5, TimeUnit.SECONDS)).isTrue();
        PublishWrites second = write(full, 2, 3);
        full.failure = new BackendException("DISKQUEUE(t) failed to write - no space left on device", null);
        full.release.countDown();

        first.join(); // its write came before the failure
        assertThatThrownBy(second::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(PublishException.class)
                .hasMessage("DISKQUEUE(t) failed to write - no space left on device");
        assertThat(full.told).containsExactly("stored 1", "refused 2");
    }

    @Test
    void messagesAcknowledgedBeforeAreWrittenWithNoPublishWaiting() throws Exception {
        GatedBackend backend = new GatedBackend();
        backend.release.countDown();
        writer.write(backend, messages(1, 2), null);
        PublishWrites after = write(backend, 3);
        after.join(); // in one write with the first or after it: the writer keeps hand-over order
        assertThat(backend.puts.stream().flatMap(List::stream)).containsExactly(1L, 2L, 3L);
        assertThat(backend.told).containsExactly("stored 2 acknowledged", "stored 1");
    }

    @Test
    void afterCloseAWriteRunsOnThePublishersThread() {
        writer.close();
        GatedBackend backend = new GatedBackend();
        backend.release.countDown();
        PublishWrites publish = write(backend, 1);
        assertThat(publish).isDone();
        assertThat(backend.threads).containsExactly(Thread.currentThread().getName());
    }

    private PublishWrites write(BackendWriter.Queue queue, long... ids) {
        PublishWrites publish = new PublishWrites(null);
        writer.write(queue, messages(ids), publish);
        publish.sealed(null);
        return publish;
    }

    private static List<Message> messages(long... ids) {
        List<Message> out = new ArrayList<>();
        for (long id : ids) {
            out.add(new Message(id, 0, new byte[] {1}));
        }
        return out;
    }

    /**
     * Records each write's message IDs and thread, and what it is told after; a write waits for {@link #release},
     * then fails if told to.
     */
    private static final class GatedBackend implements BackendWriter.Queue {
        final List<List<Long>> puts = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<String> told = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile BackendException failure;

        @Override
        public void writeHandedOver(List<Message> messages) throws BackendException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!puts.isEmpty() && failure != null) {
                throw failure;
            }
            threads.add(Thread.currentThread().getName());
            puts.add(messages.stream().map(m -> m.id).toList());
        }

        @Override
        public void handedOverWritten(List<Message> messages, boolean acknowledged, BackendException failure) {
            told.add((failure == null ? "stored " : "refused ") + messages.size()
                    + (acknowledged ? " acknowledged" : ""));
        }
    }
}
