package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.Drainer;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at a random moment loses no acknowledged message. With {@code --sync-every=1} and
 * {@code --mem-queue-size=0} every record is written to the disk queue before its PUB or MPUB is answered OK; a
 * SIGKILL keeps the page cache, so every acknowledged message must be there after a restart. Duplicates are
 * allowed (NSQ is at-least-once); messages whose OK never arrived may or may not survive.
 *
 * <p>Every round starts nsqd on the same data directory, so later rounds also recover what earlier crashes left
 * (tails written after the last metadata sync, files consumed but not yet deleted). Topic {@value #TOPIC} has a
 * channel, so messages land in the channel's queue, part of which each round consumes before publishing;
 * {@value #NO_CHANNEL_TOPIC} never has one until the end, so its messages wait in the topic's own queue and must
 * all reach the channel created after the last restart.
 */
class CrashSafetyTest {
    private static final String TOPIC = "crash";
    private static final String NO_CHANNEL_TOPIC = "crash_nochan";
    private static final String CHANNEL = "ch";
    /**
     * About 2.5 s each on a 2-core machine (1 s of it the JVM starting); with the final restart and consumption the
     * test takes about 20 s there.
     */
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 8); // bench/soak asks for more
    /** Small files, so rounds roll and delete files and crashes land near file boundaries. */
    private static final int MAX_BYTES_PER_FILE = 32 * 1024;
    /** Per round, at most this many messages are consumed before publishing (half of what waits, if fewer). */
    private static final int MAX_CONSUMED_PER_ROUND = 200;
    private static final int MAX_RDY = 2500;
    private static final String[] FLAGS = {"--sync-every=1", "--mem-queue-size=0",
            "--max-bytes-per-file=" + MAX_BYTES_PER_FILE, "--max-rdy-count=" + MAX_RDY};
    /** After the last restart, consuming is done once nothing arrives for this long. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    /**
     * Deferred messages are acknowledged too: DPUB and a delayed REQ survive a kill -9, and still wait for their
     * time (NSQ keeps them in memory only and loses them).
     */
    @Test
    @Timeout(60)
    void killMinus9KeepsDeferredMessagesAndTheirDelay(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        long published;
        try (NsqdProcess nsqd = NsqdProcess.start(data, dir.resolve("first.log"), FLAGS);
                WireClient consumer = WireClient.connect(nsqd.address());
                WireClient producer = WireClient.connect(nsqd.address())) {
            consumer.sub("deferred", CHANNEL).expectOk();
            producer.pub("deferred", "retry").expectOk();
            consumer.rdy(1);
            Message retry = consumer.readMessage();
            published = System.nanoTime();
            consumer.req(retry.id(), 3000);
            for (int i = 0; i < 10; i++) {
                producer.dpub("deferred", 3000, "later-" + i).expectOk();
            }
            producer.pub("round_trip", "x").expectOk();
            consumer.pub("round_trip", "x").expectOk(); // the REQ is done
            nsqd.kill();
        }

        try (NsqdProcess nsqd = NsqdProcess.start(data, dir.resolve("second.log"), FLAGS);
                WireClient consumer = WireClient.connect(nsqd.address()).timeout(Duration.ofSeconds(10))) {
            consumer.sub("deferred", CHANNEL).expectOk();
            consumer.rdy(100);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                Message m = consumer.readMessage();
                received.add(m.bodyText());
                consumer.fin(m.id());
            }
            assertThat(millisSince(published)).as("delivered no earlier than the delay").isGreaterThanOrEqualTo(3000);
            assertThat(received).containsExactlyInAnyOrder("retry", "later-0", "later-1", "later-2", "later-3",
                    "later-4", "later-5", "later-6", "later-7", "later-8", "later-9");
        }
    }

    @Test
    @Timeout(120)
    void killMinus9NeverLosesAnAcknowledgedMessage(@TempDir Path dir) throws Exception {
        // Timing makes a run irreproducible anyway, but -Dcrash.seed=<seed> still fixes kill delays, batch sizes and
        // bodies.
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path data = Files.createDirectory(dir.resolve("data"));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        MessageLedger withChannel = new MessageLedger(TOPIC);
        MessageLedger withoutChannel = new MessageLedger(NO_CHANNEL_TOPIC);
        List<String> report = new ArrayList<>();
        report.add("seed " + seed);
        long started = System.nanoTime();

        for (int round = 1; round <= ROUNDS; round++) {
            report.add(crashRound(round, random, data, logs.resolve("round-" + round + ".log"), withChannel,
                    withoutChannel));
        }

        long finalStart = System.nanoTime();
        try (NsqdProcess nsqd = NsqdProcess.start(data, logs.resolve("final.log"), FLAGS);
                Drainer a = drain(nsqd.address(), withChannel);
                Drainer b = drain(nsqd.address(), withoutChannel)) {
            Await.until(Duration.ofSeconds(60), new QuietFor(QUIET, () -> a.count() + b.count()),
                    "consumers to receive nothing for " + QUIET.toMillis() + " ms");
            a.assertHealthy();
            b.assertHealthy();
            report.add(String.format("after the last restart (%d ms): %d from %s/%s, %d from %s/%s; recovery: %s",
                    millisSince(finalStart), a.count(), TOPIC, CHANNEL, b.count(), NO_CHANNEL_TOPIC, CHANNEL,
                    nsqd.problems()));
        }
        for (MessageLedger ledger : List.of(withChannel, withoutChannel)) {
            report.add(String.format("%s: %d acked, %d received (%d of them never acked), %d duplicates",
                    ledger.topic, ledger.acked.size(), ledger.received.size(), ledger.unacked(), ledger.duplicates()));
        }
        report.add("left in the data path: " + dataFiles(data));
        report.add("total " + millisSince(started) + " ms");
        String summary = String.join("\n", report);
        System.out.println("CrashSafetyTest\n" + summary);

        for (MessageLedger ledger : List.of(withChannel, withoutChannel)) {
            List<String> missing = ledger.ackedNotReceived();
            assertThat(missing.size())
                    .as("%s: acknowledged messages never received (of %d acknowledged, %d received, %d duplicates);"
                            + " per round %s; first %s\n%s", ledger.topic, ledger.acked.size(),
                            ledger.received.size(), ledger.duplicates(), perRound(missing), first(missing), summary)
                    .isZero();
            List<String> unknown = ledger.unknown();
            assertThat(unknown.size())
                    .as("%s: received bodies never published; first %s\n%s", ledger.topic, first(unknown), summary)
                    .isZero();
        }
    }

    /**
     * Starts nsqd, consumes part of the channel's queue, publishes to both topics and kills nsqd at a random moment
     * while publishes are in flight. Returns a line for the report.
     */
    private static String crashRound(int round, Random random, Path data, Path log, MessageLedger withChannel,
            MessageLedger withoutChannel) throws Exception {
        long startedAt = System.nanoTime();
        try (NsqdProcess nsqd = NsqdProcess.start(data, log, FLAGS);
                WireClient holder = WireClient.connect(nsqd.address())) {
            long listeningAt = System.nanoTime();
            // A consumer that never sends RDY: the channel exists before anything is published, yet takes nothing.
            holder.sub(TOPIC, CHANNEL).expectOk();
            int consumed = consumeSome(nsqd.address(), withChannel);
            long consumedAt = System.nanoTime();
            int ackedBefore = withChannel.acked.size();
            int ackedBeforeNoChannel = withoutChannel.acked.size();
            long delayMillis = 100 + random.nextInt(601);
            try (PipelinedPublisher p = new PipelinedPublisher(nsqd, withChannel, "c" + round + "-", random.nextLong());
                    PipelinedPublisher q = new PipelinedPublisher(nsqd, withoutChannel, "n" + round + "-", random.nextLong())) {
                Await.until(Duration.ofSeconds(10), () -> p.ackedCount() > 0 && q.ackedCount() > 0
                        || p.failed() || q.failed(), "the first OK for each publisher");
                p.assertHealthy();
                q.assertHealthy();
                // Not a wait for an effect: a random moment is the point of the test.
                TimeUnit.MILLISECONDS.sleep(delayMillis);
                nsqd.kill();
                p.awaitEnd();
                q.awaitEnd();
                p.assertHealthy();
                q.assertHealthy();
                return String.format("round %d: started in %d ms, consumed %d in %d ms, killed %d ms after the first"
                                + " OKs; %s acked %d (sent %d), %s acked %d (sent %d); recovery: %s", round,
                        (listeningAt - startedAt) / 1_000_000, consumed, (consumedAt - listeningAt) / 1_000_000,
                        delayMillis, TOPIC, withChannel.acked.size() - ackedBefore, p.sentCount(), NO_CHANNEL_TOPIC,
                        withoutChannel.acked.size() - ackedBeforeNoChannel, q.sentCount(), nsqd.problems());
            }
        }
    }

    /**
     * Consumes up to {@link #MAX_CONSUMED_PER_ROUND} messages from the channel, at most half of those acknowledged
     * and not yet received, so that even a few lost messages leave enough to read. RDY 0 goes out before the FINs,
     * so nsqd sends nothing more: every message it delivered was read here. (In-flight messages live only in
     * nsqd's memory, as in NSQ, so one sent to a consumer that never read it would be lost by the kill.)
     */
    private static int consumeSome(InetSocketAddress address, MessageLedger ledger) {
        int wanted = Math.min(MAX_CONSUMED_PER_ROUND, ledger.ackedNotReceived().size() / 2);
        if (wanted == 0) {
            return 0;
        }
        List<Message> messages = new ArrayList<>(wanted);
        try (WireClient consumer = WireClient.connect(address)) {
            consumer.sub(TOPIC, CHANNEL).expectOk();
            consumer.rdy(wanted);
            for (int i = 0; i < wanted; i++) {
                messages.add(consumer.readMessage());
            }
            consumer.rdy(0);
            for (Message m : messages) {
                ledger.receive(m);
                consumer.fin(m.id());
            }
        }
        return messages.size();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Names and sizes: where the bytes of a missing message could be (a {@code .bad} file, an unread tail). */
    private static String dataFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.sorted().map(f -> f.getFileName() + " " + f.toFile().length())
                    .collect(Collectors.joining(", "));
        }
    }

    /** Counts by round, the key's prefix: which crash lost them. */
    private static Map<String, Long> perRound(List<String> keys) {
        return keys.stream().collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('-')), TreeMap::new,
                Collectors.counting()));
    }

    private static List<String> first(List<String> bodies) {
        return bodies.subList(0, Math.min(20, bodies.size()));
    }

    /** Subscribes to the ledger's topic and drains it into the ledger. */
    private static Drainer drain(InetSocketAddress address, MessageLedger ledger) {
        // Long reads: the end is decided by the test (nothing new for a while), which then closes the socket.
        WireClient client = WireClient.connect(address).timeout(Duration.ofMinutes(2));
        client.sub(ledger.topic, CHANNEL).expectOk();
        client.rdy(MAX_RDY);
        return new Drainer(client, ledger::receive);
    }

}
