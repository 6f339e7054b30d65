package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random moments while a publisher publishes and a consumer finishes, requeues and holds messages
 * at once, round after round on one data directory; then a last nsqd whose consumer finishes whatever comes.
 *
 * <p>What each run checks: every acknowledged message is finished in the end, including those the consumer held
 * (received, not yet finished) at a kill, which NSQ loses; a message that was finished and comes back after a kill
 * had its FIN sent within the sync window before that kill (finishing persists the position past it at the next
 * sync); nothing unknown arrives; no {@code .bad} file appears, since nothing was damaged. With every default
 * setting, messages in memory at a kill (up to {@code --mem-queue-size} plus the consumer's RDY) are lost, as in NSQ:
 * that run bounds the loss by it.
 */
class CrashWhileConsumingTest {
    private static final String TOPIC = "loop";
    private static final String CHANNEL = "ch";
    /** About 2.5 s each on a 2-core machine, 1 s of it the JVM starting. */
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 4); // bench/soak asks for more
    /** Small files, so crashes land near file boundaries and held records span files. */
    private static final String MAX_BYTES_PER_FILE = "--max-bytes-per-file=" + 32 * 1024;
    private static final int RDY = 50;
    private static final int REQUEUE_PERCENT = 5;
    private static final int DEFAULT_MEM_QUEUE_SIZE = 10_000;
    private static final Duration QUIET = Duration.ofSeconds(2);
    /**
     * How long before a kill a FIN may have been sent and its message still come back: finishing is persisted by the
     * next sync (every --sync-every reads, writes and finishes, in the background), or at the latest by the sync
     * timeout (2 s), checked every 2 s; and a second for a loaded machine.
     */
    private static final Duration SYNC_WINDOW = Duration.ofSeconds(5);

    @Test
    @Timeout(120)
    void withSyncEveryOneNoAcknowledgedMessageIsLostNotEvenOneInFlight(@TempDir Path dir) throws Exception {
        run(dir, SYNC_WINDOW, 0, "--sync-every=1", "--mem-queue-size=0", MAX_BYTES_PER_FILE);
    }

    @Test
    @Timeout(120)
    void withTheDefaultSyncPolicyNothingThatReachedTheDiskIsLost(@TempDir Path dir) throws Exception {
        // kill -9 keeps the page cache: unsynced writes survive it, only the persisted positions lag
        run(dir, SYNC_WINDOW, 0, "--mem-queue-size=0", MAX_BYTES_PER_FILE);
    }

    @Test
    @Timeout(120)
    void withEveryDefaultOnlyWhatWasInMemoryIsLost(@TempDir Path dir) throws Exception {
        run(dir, SYNC_WINDOW, DEFAULT_MEM_QUEUE_SIZE + RDY, MAX_BYTES_PER_FILE);
    }

    /**
     * Runs the rounds and the last drain with nsqd's {@code flags}; a finished message may come back only if its
     * FIN was sent within {@code syncWindow} before a kill, and at most {@code lossPerCrash} acknowledged messages
     * may be lost per kill.
     */
    private static void run(Path dir, Duration syncWindow, int lossPerCrash, String... flags) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path data = Files.createDirectory(dir.resolve("data"));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        MessageLedger ledger = new MessageLedger(TOPIC);
        Finishes finishes = new Finishes();
        List<String> report = new ArrayList<>(List.of("seed " + seed + ", flags " + String.join(" ", flags)));
        List<Long> kills = new ArrayList<>();

        for (int round = 1; round <= ROUNDS; round++) {
            try (NsqdProcess nsqd = NsqdProcess.start(data, logs.resolve("round-" + round + ".log"), flags);
                    RequeuingConsumer consumer = new RequeuingConsumer(nsqd, ledger, finishes, round,
                            REQUEUE_PERCENT, random.nextLong(), WireClient.DEFAULT_TIMEOUT);
                    PipelinedPublisher publisher = new PipelinedPublisher(nsqd, ledger, "c" + round + "-",
                            random.nextLong())) {
                Await.until(Duration.ofSeconds(10), () -> publisher.ackedCount() > 0 && consumer.finished() > 0
                        || publisher.failed() || consumer.failed(), "the first OK and the first FIN");
                publisher.assertHealthy();
                consumer.assertHealthy();
                long delayMillis = 100 + random.nextInt(601);
                // Not a wait for an effect: a random moment is the point of the test.
                TimeUnit.MILLISECONDS.sleep(delayMillis);
                nsqd.kill();
                // once nsqd is gone: a FIN sent while SIGKILL was on its way may still have been read
                kills.add(System.nanoTime());
                publisher.awaitEnd();
                consumer.awaitEnd();
                publisher.assertHealthy();
                consumer.assertHealthy();
                report.add(String.format("round %d: killed %d ms after the first OK and FIN; %d acked, %d finished,"
                                + " %d requeued, %d answers to a twin; recovery: %s", round, delayMillis,
                        publisher.ackedCount(), consumer.finished(), consumer.requeued(), consumer.notInFlight(),
                        nsqd.problems()));
            }
        }

        try (NsqdProcess nsqd = NsqdProcess.start(data, logs.resolve("final.log"), flags);
                RequeuingConsumer last = new RequeuingConsumer(nsqd, ledger, finishes, ROUNDS + 1, 0, 0,
                        Duration.ofMinutes(2))) {
            Await.until(Duration.ofSeconds(60), new QuietFor(QUIET, last::received),
                    "the consumer to receive nothing for " + QUIET.toMillis() + " ms");
            last.assertHealthy();
            report.add(String.format("after the last restart: %d finished, %d answers to a twin; recovery: %s",
                    last.finished(), last.notInFlight(), nsqd.problems()));
        }

        List<String> lost = ledger.acked.stream().filter(k -> !finishes.last.containsKey(k))
                .sorted(MessageLedger.BY_ROUND_AND_NUMBER).toList();
        List<String> lateComebacks = finishes.comebacks.entrySet().stream()
                .filter(e -> !finishes.requeued.contains(e.getKey()))
                .filter(e -> !withinWindowOfItsKill(e.getValue(), kills, syncWindow)).map(Map.Entry::getKey)
                .sorted(MessageLedger.BY_ROUND_AND_NUMBER).toList();
        List<String> badFiles = badFiles(data);
        report.add(String.format("%d acked, %d lost, %d finished ones came back (%d of them finished before the sync"
                        + " window), %d duplicates in all; data path: %s", ledger.acked.size(), lost.size(),
                finishes.comebacks.size(), lateComebacks.size(), ledger.duplicates(), dataFiles(data)));
        String summary = String.join("\n", report);
        System.out.println("CrashWhileConsumingTest\n" + summary);

        assertThat(lost.size()).as("acknowledged, never finished; first %s\n%s",
                lost.subList(0, Math.min(20, lost.size())), summary).isLessThanOrEqualTo(lossPerCrash * ROUNDS);
        assertThat(lateComebacks).as("finished long before a kill, yet delivered again\n%s", summary).isEmpty();
        assertThat(ledger.unknown()).as("received, never published\n%s", summary).isEmpty();
        // a kill in the middle of a write() leaves a torn last record, never acknowledged: set aside, as any other
        String recoveries = String.join("\n", report);
        assertThat(badFiles).as("nothing was damaged but by a write torn by a kill\n%s", summary)
                .allMatch(bad -> recoveries.contains(bad.substring(0, bad.length() - ".bad".length())
                        + " from ") && recoveries.contains("truncated record"));
    }

    /**
     * Sent within the sync window before the kill that ended its round, or after it: the consumer goes on reading
     * what its socket holds, and its FINs are written, until it learns that nsqd is gone.
     */
    private static boolean withinWindowOfItsKill(Fin fin, List<Long> kills, Duration window) {
        return fin.round() <= kills.size() && kills.get(fin.round() - 1) - fin.at() <= window.toNanos();
    }

    private static List<String> badFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bad")).toList();
        }
    }

    private static String dataFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.sorted().map(f -> f.getFileName() + " " + f.toFile().length())
                    .collect(Collectors.joining(", "));
        }
    }

    /** A FIN sent at {@code at} ({@link System#nanoTime()}) in round {@code round}. */
    private record Fin(long at, int round) {
    }

    /** Each key's last FIN, and the keys delivered again after one (with that FIN). */
    private static final class Finishes {
        /** Each key's last FIN. */
        final Map<String, Fin> last = new ConcurrentHashMap<>();
        final Map<String, Fin> comebacks = new ConcurrentHashMap<>();
        /**
         * Requeued at least once: a kill between the REQ's write of the message at the tail and the persisting of the
         * position past its old record leaves it on disk twice, and its copies come one after the other, in the
         * same round: a duplicate, but not a finished message whose position was lost.
         */
        final Set<String> requeued = ConcurrentHashMap.newKeySet();

        void received(String key) {
            Fin finished = last.get(key);
            if (finished != null) {
                comebacks.putIfAbsent(key, finished);
            }
        }
    }

    /**
     * Subscribes with RDY {@link #RDY} on its own thread and answers each message at once: REQ without delay for
     * {@code requeuePercent} of them, FIN for the rest, until the connection dies.
     */
    private static final class RequeuingConsumer implements AutoCloseable {
        private final BooleanSupplier killed;
        private final int round;
        private final MessageLedger ledger;
        private final Finishes finishes;
        private final int requeuePercent;
        private final Random random;
        private final WireClient client;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile int received;
        private volatile int finished;
        private volatile int requeued;
        private volatile int notInFlight;
        private volatile boolean ending;

        RequeuingConsumer(NsqdProcess nsqd, MessageLedger ledger, Finishes finishes, int round,
                int requeuePercent, long seed, Duration readTimeout) {
            this.killed = nsqd::killed;
            this.round = round;
            this.ledger = ledger;
            this.finishes = finishes;
            this.requeuePercent = requeuePercent;
            this.random = new Random(seed);
            this.client = WireClient.connect(nsqd.address()).timeout(readTimeout);
            client.sub(TOPIC, CHANNEL).expectOk();
            client.rdy(RDY);
            this.thread = new Thread(this::run, "consumer-" + round);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (true) {
                    Frame frame = client.readFrame();
                    if (frame.isHeartbeat()) {
                        client.nop();
                        continue;
                    }
                    if (frame.type() == FrameType.MESSAGE) {
                        answer(frame.message());
                    } else if (frame.type() == FrameType.ERROR && frame.text().endsWith("ID not in flight")) {
                        // a duplicate read from disk after a kill can be in flight beside its twin (same ID), as
                        // in NSQ: the answer to one of them finds the other gone
                        notInFlight++;
                    } else {
                        throw new AssertionError("unexpected " + frame);
                    }
                }
            } catch (AssertionError | UncheckedIOException e) {
                // after the kill (or close) this is how the connection ends: reset, closed, or a write that fails
                if (!ending && !killed.getAsBoolean()) {
                    failure.set(e);
                }
            }
        }

        private void answer(Message m) {
            String key = ledger.receive(m);
            finishes.received(key);
            received++;
            if (random.nextInt(100) < requeuePercent) {
                finishes.requeued.add(key);
                client.req(m.id(), 0);
                requeued++;
            } else {
                // recorded before the bytes go out: nsqd may act on a FIN that is cut short by the kill
                finishes.last.put(key, new Fin(System.nanoTime(), round));
                client.fin(m.id());
                finished++;
            }
        }

        int received() {
            return received;
        }

        int finished() {
            return finished;
        }

        int requeued() {
            return requeued;
        }

        int notInFlight() {
            return notInFlight;
        }

        boolean failed() {
            return failure.get() != null;
        }

        void assertHealthy() {
            assertThat(failure.get()).as("consumer failed before the kill").isNull();
        }

        /** Waits for the thread to see the connection die after the kill. */
        void awaitEnd() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("consumer still running after the kill").isFalse();
        }

        @Override
        public void close() throws InterruptedException {
            ending = true;
            client.close();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
