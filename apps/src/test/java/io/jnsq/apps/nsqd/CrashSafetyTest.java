package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.Drainer;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");
    private static final String TOPIC = "crash";
    private static final String NO_CHANNEL_TOPIC = "crash_nochan";
    private static final String CHANNEL = "ch";
    /**
     * About 2.5 s each on a 2-core machine (1 s of it the JVM starting); with the final restart and consumption the
     * test takes about 20 s there.
     */
    private static final int ROUNDS = 8;
    /** Small files, so rounds roll and delete files and crashes land near file boundaries. */
    private static final int MAX_BYTES_PER_FILE = 32 * 1024;
    /** Commands sent before their answers are read: several publishes are in flight at the kill. */
    private static final int PIPELINE = 4;
    /** Publishing costs an fsync per command: small batches put more commands, and more of them in flight, at the kill. */
    private static final int MAX_MPUB = 10;
    private static final int MAX_PADDING = 150;
    /** Per round, at most this many messages are consumed before publishing (half of what waits, if fewer). */
    private static final int MAX_CONSUMED_PER_ROUND = 200;
    private static final int MAX_RDY = 2500;
    /** After the last restart, consuming is done once nothing arrives for this long. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    /**
     * Deferred messages are acknowledged too: DPUB and a delayed REQ survive a kill -9, and still wait for their
     * time (NSQ keeps them in memory only and loses them).
     */
    @Test
    @Timeout(60)
    void killMinus9KeepsDeferredMessagesAndTheirDelay(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        long published;
        try (NsqdProcess nsqd = NsqdProcess.start(data, dir.resolve("first.log"));
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

        try (NsqdProcess nsqd = NsqdProcess.start(data, dir.resolve("second.log"));
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
        Ledger withChannel = new Ledger(TOPIC);
        Ledger withoutChannel = new Ledger(NO_CHANNEL_TOPIC);
        List<String> report = new ArrayList<>();
        report.add("seed " + seed);
        long started = System.nanoTime();

        for (int round = 1; round <= ROUNDS; round++) {
            report.add(crashRound(round, random, data, logs.resolve("round-" + round + ".log"), withChannel,
                    withoutChannel));
        }

        long finalStart = System.nanoTime();
        try (NsqdProcess nsqd = NsqdProcess.start(data, logs.resolve("final.log"));
                Drainer a = drain(nsqd.address(), withChannel);
                Drainer b = drain(nsqd.address(), withoutChannel)) {
            Await.until(Duration.ofSeconds(60), new Quiet(() -> a.count() + b.count()),
                    "consumers to receive nothing for " + QUIET.toMillis() + " ms");
            a.assertHealthy();
            b.assertHealthy();
            report.add(String.format("after the last restart (%d ms): %d from %s/%s, %d from %s/%s; recovery: %s",
                    millisSince(finalStart), a.count(), TOPIC, CHANNEL, b.count(), NO_CHANNEL_TOPIC, CHANNEL,
                    nsqd.problems()));
        }
        for (Ledger ledger : List.of(withChannel, withoutChannel)) {
            report.add(String.format("%s: %d acked, %d received (%d of them never acked), %d duplicates",
                    ledger.topic, ledger.acked.size(), ledger.received.size(), ledger.unacked(), ledger.duplicates()));
        }
        report.add("left in the data path: " + dataFiles(data));
        report.add("total " + millisSince(started) + " ms");
        String summary = String.join("\n", report);
        System.out.println("CrashSafetyTest\n" + summary);

        for (Ledger ledger : List.of(withChannel, withoutChannel)) {
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
    private static String crashRound(int round, Random random, Path data, Path log, Ledger withChannel,
            Ledger withoutChannel) throws Exception {
        long startedAt = System.nanoTime();
        try (NsqdProcess nsqd = NsqdProcess.start(data, log);
                WireClient holder = WireClient.connect(nsqd.address())) {
            long listeningAt = System.nanoTime();
            // A consumer that never sends RDY: the channel exists before anything is published, yet takes nothing.
            holder.sub(TOPIC, CHANNEL).expectOk();
            int consumed = consumeSome(nsqd.address(), withChannel);
            long consumedAt = System.nanoTime();
            int ackedBefore = withChannel.acked.size();
            int ackedBeforeNoChannel = withoutChannel.acked.size();
            long delayMillis = 100 + random.nextInt(601);
            try (Publisher p = new Publisher(nsqd, withChannel, "c" + round + "-", random.nextLong());
                    Publisher q = new Publisher(nsqd, withoutChannel, "n" + round + "-", random.nextLong())) {
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
    private static int consumeSome(InetSocketAddress address, Ledger ledger) {
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

    /** What was sent to one topic, what of it was acknowledged, and what came back how often. */
    private static final class Ledger {
        final String topic;
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> received = new ConcurrentHashMap<>();

        Ledger(String topic) {
            this.topic = topic;
        }

        void receive(Message m) {
            received.merge(key(m.bodyText()), 1, Integer::sum);
        }

        /** Acknowledged and not received, in publishing order. */
        List<String> ackedNotReceived() {
            return acked.stream().filter(k -> !received.containsKey(k)).sorted(BY_ROUND_AND_NUMBER).toList();
        }

        List<String> unknown() {
            return received.keySet().stream().filter(k -> !sent.contains(k)).sorted().toList();
        }

        /** Received although their OK never arrived: written before the kill, answered too late. */
        long unacked() {
            return received.keySet().stream().filter(k -> !acked.contains(k)).count();
        }

        int duplicates() {
            return received.values().stream().mapToInt(n -> n - 1).sum();
        }

        /** A body is its key ({@code <letter><round>-<number>}), a space and padding. */
        static String key(String body) {
            int space = body.indexOf(' ');
            return space < 0 ? body : body.substring(0, space);
        }

        private static final Comparator<String> BY_ROUND_AND_NUMBER = Comparator
                .comparingInt((String k) -> Integer.parseInt(k.substring(1, k.indexOf('-'))))
                .thenComparingInt(k -> Integer.parseInt(k.substring(k.indexOf('-') + 1)));
    }

    /** nsqd as a process of its own, so that it can be killed with SIGKILL. */
    private static final class NsqdProcess implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final InetSocketAddress address;
        private volatile boolean killed;

        private NsqdProcess(Process process, Path log, InetSocketAddress address) {
            this.process = process;
            this.log = log;
            this.address = address;
        }

        static NsqdProcess start(Path data, Path log) throws IOException {
            Process process = JavaProcess.start(log,
                    // Starts faster and takes less of a small machine's CPU; the disk queue's behaviour is the same.
                    List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                    NsqdMain.class,
                    "--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + data,
                    "--sync-every=1", "--mem-queue-size=0", "--max-bytes-per-file=" + MAX_BYTES_PER_FILE,
                    "--max-rdy-count=" + MAX_RDY);
            try {
                int port = Await.untilNonNull(STARTUP, () -> {
                    Integer listening = LogFile.lines(log).stream().map(LISTENING::matcher).filter(Matcher::find)
                            .map(m -> Integer.parseInt(m.group(1))).findFirst().orElse(null);
                    if (listening == null && !process.isAlive()) {
                        throw new AssertionError("nsqd exited with status " + process.exitValue() + ": "
                                + LogFile.lines(log));
                    }
                    return listening;
                }, "nsqd to listen");
                return new NsqdProcess(process, log, new InetSocketAddress("127.0.0.1", port));
            } catch (RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
        }

        InetSocketAddress address() {
            return address;
        }

        boolean killed() {
            return killed;
        }

        /** SIGKILL: on Linux {@link Process#destroyForcibly()} sends it, as the exit status confirms. */
        void kill() throws InterruptedException {
            killed = true;
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("nsqd exits after SIGKILL").isTrue();
            assertThat(process.exitValue()).as("exit status: killed by SIGKILL").isEqualTo(SIGKILL_EXIT_STATUS);
        }

        /** The log's warnings and errors: what recovery found. */
        String problems() {
            List<String> lines = LogFile.lines(log).stream()
                    .filter(l -> l.contains("WARNING:") || l.contains("ERROR:") || l.contains("FATAL:"))
                    .map(l -> l.substring(Math.max(0, l.indexOf(": ") - 7)))
                    .toList();
            return lines.isEmpty() ? "no warnings" : String.join("; ", lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Publishes numbered bodies on its own thread, half as PUB and half as MPUB, {@link #PIPELINE} commands ahead
     * of their answers, until the connection dies. A body counts as acknowledged only once its OK has arrived.
     */
    private static final class Publisher implements AutoCloseable {
        private final Ledger ledger;
        private final String prefix;
        private final Random random;
        private final BooleanSupplier killed;
        private final WireClient client;
        /** The bodies of each command sent and not yet answered, oldest first: NSQ answers in order. */
        private final ArrayDeque<List<String>> pending = new ArrayDeque<>();
        private final AtomicInteger acked = new AtomicInteger();
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private int next;

        Publisher(NsqdProcess nsqd, Ledger ledger, String prefix, long seed) {
            this.ledger = ledger;
            this.prefix = prefix;
            this.random = new Random(seed);
            this.killed = nsqd::killed;
            this.client = WireClient.connect(nsqd.address());
            this.thread = new Thread(this::run, "publisher-" + ledger.topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (true) {
                    while (pending.size() < PIPELINE) {
                        send();
                    }
                    Frame frame = client.readFrameSkippingHeartbeats();
                    if (frame.type() != FrameType.RESPONSE || !frame.text().equals("OK")) {
                        failure.set(new AssertionError(ledger.topic + ": " + frame + " for " + pending.peek()));
                        return;
                    }
                    List<String> done = pending.remove();
                    ledger.acked.addAll(done);
                    acked.addAndGet(done.size());
                }
            } catch (AssertionError | UncheckedIOException e) {
                // after the kill this is how the connection ends: reset, closed, or a write that fails
                if (!killed.getAsBoolean()) {
                    failure.set(e);
                }
            }
        }

        private void send() {
            boolean mpub = random.nextBoolean();
            int count = mpub ? 1 + random.nextInt(MAX_MPUB) : 1;
            List<String> keys = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = prefix + next++;
                keys.add(key);
                bodies.add((key + " " + "x".repeat(random.nextInt(MAX_PADDING))).getBytes(StandardCharsets.UTF_8));
            }
            // recorded before the bytes go out: a publish cut short by the kill may still have been written
            ledger.sent.addAll(keys);
            sent.addAndGet(keys.size());
            pending.add(keys);
            if (mpub) {
                client.mpub(ledger.topic, bodies);
            } else {
                client.pub(ledger.topic, bodies.get(0));
            }
        }

        int ackedCount() {
            return acked.get();
        }

        int sentCount() {
            return sent.get();
        }

        boolean failed() {
            return failure.get() != null;
        }

        void assertHealthy() {
            assertThat(failure.get()).as("publisher to %s failed before the kill", ledger.topic).isNull();
        }

        void awaitEnd() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("publisher to %s still running after the kill", ledger.topic).isFalse();
        }

        @Override
        public void close() throws InterruptedException {
            client.close();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Subscribes to the ledger's topic and drains it into the ledger. */
    private static Drainer drain(InetSocketAddress address, Ledger ledger) {
        // Long reads: the end is decided by the test (nothing new for a while), which then closes the socket.
        WireClient client = WireClient.connect(address).timeout(Duration.ofMinutes(2));
        client.sub(ledger.topic, CHANNEL).expectOk();
        client.rdy(MAX_RDY);
        return new Drainer(client, ledger::receive);
    }

    /** True once the supplied count has not changed for {@link #QUIET}. */
    private static final class Quiet implements BooleanSupplier {
        private final IntSupplier count;
        private int last = -1;
        private long changedAt;

        Quiet(IntSupplier count) {
            this.count = count;
        }

        @Override
        public boolean getAsBoolean() {
            int now = count.getAsInt();
            if (now != last) {
                last = now;
                changedAt = System.nanoTime();
                return false;
            }
            return System.nanoTime() - changedAt >= QUIET.toNanos();
        }
    }
}
