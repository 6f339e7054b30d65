package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredJournalTest {
    private static final int MAX_MSG_SIZE = 1024;

    @TempDir
    Path dir;

    private static Message deferred(int i, long delayMillis) {
        Message m = new Message(0x18a3149e66c2a000L + i, 1_700_000_000_000_000_000L + i,
                ("body-" + i).getBytes(StandardCharsets.US_ASCII));
        m.attempts = (char) i;
        m.deferredUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        return m;
    }

    @Test
    void messagesComeBackWithTheirDeadlineAttemptsAndBody() throws Exception {
        Path file = dir.resolve("t:c.diskqueue.deferred.journal");
        DeferredJournal journal = DeferredJournal.open(file, true);
        journal.append(deferred(1, 60_000));
        journal.append(deferred(2, 120_000));

        List<Message> back = DeferredJournal.open(file, true).replay(MAX_MSG_SIZE);

        assertThat(back).extracting(m -> m.id).containsExactly(0x18a3149e66c2a001L, 0x18a3149e66c2a002L);
        assertThat(back).extracting(Message::attempts).containsExactly(1, 2);
        assertThat(back).extracting(m -> new String(m.body, StandardCharsets.US_ASCII))
                .containsExactly("body-1", "body-2");
        long remaining = back.get(1).deferredUntil - System.nanoTime();
        assertThat(remaining).isBetween(TimeUnit.SECONDS.toNanos(110), TimeUnit.SECONDS.toNanos(120));
    }

    @Test
    void aTornLastEntryIsIgnored() throws Exception {
        Path file = dir.resolve("j");
        DeferredJournal journal = DeferredJournal.open(file, false);
        journal.append(deferred(1, 60_000));
        journal.append(deferred(2, 60_000));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        assertThat(DeferredJournal.open(file, false).replay(MAX_MSG_SIZE)).extracting(m -> m.id)
                .containsExactly(0x18a3149e66c2a001L);
    }

    @Test
    void theJournalIsRemovedWhenNothingIsDeferredAndRewrittenWhenMostOfItIsGone() throws Exception {
        Path file = dir.resolve("j");
        DeferredJournal journal = DeferredJournal.open(file, false);
        MessagePriorityQueue live = new MessagePriorityQueue(16);
        for (int i = 0; i < 3000; i++) {
            Message m = deferred(i, 60_000);
            journal.append(m);
            live.push(m, m.deferredUntil);
        }
        while (live.size() > 10) {
            live.pollIfDue(Long.MAX_VALUE);
        }
        journal.forget(live);
        assertThat(DeferredJournal.open(file, false).replay(MAX_MSG_SIZE)).hasSize(10);

        live.drainTo(m -> { });
        journal.forget(live);
        assertThat(file).doesNotExist();

        journal.append(deferred(7, 60_000));
        assertThat(DeferredJournal.open(file, false).replay(MAX_MSG_SIZE)).extracting(m -> m.id)
                .containsExactly(0x18a3149e66c2a007L);
    }

    @Test
    void aDisabledJournalKeepsNothing() throws Exception {
        DeferredJournal.disabled().append(deferred(1, 60_000));
        assertThat(DeferredJournal.disabled().replay(MAX_MSG_SIZE)).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
