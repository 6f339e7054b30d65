package io.jnsq.nsqd.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reporter around a real nsqd, pushing to a UDP socket when the test says so: exact lines for a scripted
 * scenario, counter deltas, exclusion of ephemeral names, e2e gauges, packet sizes and the spreading of packets.
 */
@Timeout(30)
class StatsdReporterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PREFIX = "jnsq.127_0_0_1_4251.test.";

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private final StatsdReceiver statsd = new StatsdReceiver();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<WireClient> clients = new ArrayList<>();
    private StatsdReporter reporter;

    @BeforeEach
    void start() throws IOException {
        startNsqd(o -> { });
    }

    private void startNsqd(Consumer<NsqdOptions> configure) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        configure.accept(options);
        nsqd = new Nsqd(options).start();
    }

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        timer.shutdownNow();
        clients.forEach(WireClient::close);
        nsqd.close();
        statsd.close();
    }

    /** A reporter for this nsqd; no timer of its own: the test calls {@code push()}. */
    private StatsdReporter reporter(Consumer<NsqdOptions> configure, Supplier<MemStats> memory) {
        NsqdOptions options = new NsqdOptions();
        options.statsdAddress = statsd.address();
        options.statsdInterval = Duration.ofSeconds(1); // nothing left to spread over: a push sends at once
        configure.accept(options);
        reporter = new StatsdReporter(options, PREFIX, () -> nsqd.broker().stats("", "", false), memory, timer);
        return reporter;
    }

    private WireClient consumer(String topic, String channel) {
        WireClient client = WireClient.connect(nsqd.tcpAddress(), TIMEOUT);
        clients.add(client);
        return client.sub(topic, channel).expectOk();
    }

    private WireClient producer() {
        WireClient client = WireClient.connect(nsqd.tcpAddress(), TIMEOUT);
        clients.add(client);
        return client;
    }

    private static MemStats memory(long gcRuns) {
        return new MemStats(1, 2, 3, 4, 5, 6, 7, 8, gcRuns);
    }

    private static List<String> memLines(long gcRunsDelta) {
        return List.of(PREFIX + "mem.heap_objects:1|g", PREFIX + "mem.heap_idle_bytes:2|g",
                PREFIX + "mem.heap_in_use_bytes:3|g", PREFIX + "mem.heap_released_bytes:4|g",
                PREFIX + "mem.gc_pause_usec_100:5|g", PREFIX + "mem.gc_pause_usec_99:6|g",
                PREFIX + "mem.gc_pause_usec_95:7|g", PREFIX + "mem.next_gc_bytes:8|g",
                PREFIX + "mem.gc_runs:" + gcRunsDelta + "|c");
    }

    /** NSQ's channel keys, in NSQ's order. */
    private static List<String> channelLines(String topic, String channel, long messages, long depth,
                                             long inFlight, long deferred, long requeues, long timeouts,
                                             long clients) {
        String key = PREFIX + "topic." + topic + ".channel." + channel;
        return List.of(key + ".message_count:" + messages + "|c", key + ".depth:" + depth + "|g",
                key + ".backend_depth:0|g", key + ".in_flight_count:" + inFlight + "|g",
                key + ".deferred_count:" + deferred + "|g", key + ".requeue_count:" + requeues + "|c",
                key + ".timeout_count:" + timeouts + "|c", key + ".clients:" + clients + "|g");
    }

    private static List<String> topicLines(String topic, long messages, long bytes, long depth) {
        String key = PREFIX + "topic." + topic;
        return List.of(key + ".message_count:" + messages + "|c", key + ".message_bytes:" + bytes + "|c",
                key + ".depth:" + depth + "|g", key + ".backend_depth:0|g");
    }

    private static List<String> concat(List<List<String>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    private void awaitChannel(String topic, String channel, long depth, long inFlight, long deferred,
                              int clients) {
        Await.until(TIMEOUT, () -> {
            Channel c = nsqd.broker().existingTopic(topic).existingChannel(channel);
            return c.depth() == depth && c.inFlightCount() == inFlight && c.deferredCount() == deferred
                    && c.clients().size() == clients;
        }, "channel " + topic + "/" + channel + " to hold depth " + depth + ", in flight " + inFlight
                + ", deferred " + deferred + " and " + clients + " clients");
    }

    @Test
    void scriptedScenarioSendsNsqsKeysGaugesAndCounterDeltas() {
        long[] gcRuns = {10};
        reporter(o -> { }, () -> memory(gcRuns[0]));
        nsqd.broker().topic("t").channel("idle");
        WireClient consumer = consumer("t", "c").rdy(1);
        WireClient producer = producer();
        producer.pub("t", "aa").expectOk().pub("t", "bbb").expectOk().pub("t", "c").expectOk();
        consumer.fin(consumer.readMessage().id());
        Message second = consumer.readMessage();
        consumer.req(second.id(), 60_000);
        consumer.readMessage(); // the third stays in flight
        awaitChannel("t", "c", 0, 1, 1, 1);
        awaitChannel("t", "idle", 3, 0, 0, 0);

        reporter.push();

        assertThat(statsd.lines(29)).containsExactlyElementsOf(concat(List.of(
                topicLines("t", 3, 6, 0),
                channelLines("t", "c", 3, 0, 1, 1, 1, 0, 1),
                channelLines("t", "idle", 3, 3, 0, 0, 0, 0, 0),
                memLines(10))));

        // the consumer leaves (its message in flight comes back as a timeout) and two more are published
        consumer.close();
        producer.pub("t", "dd").expectOk().pub("t", "e").expectOk();
        awaitChannel("t", "c", 3, 0, 1, 0);
        awaitChannel("t", "idle", 5, 0, 0, 0);
        gcRuns[0] = 13;

        reporter.push();

        assertThat(statsd.lines(29)).containsExactlyElementsOf(concat(List.of(
                topicLines("t", 2, 3, 0),
                channelLines("t", "c", 2, 3, 0, 1, 0, 1, 0),
                channelLines("t", "idle", 2, 5, 0, 0, 0, 0, 0),
                memLines(3))));

        reporter.push(); // nothing happened: every counter sends 0

        assertThat(statsd.lines(29)).containsExactlyElementsOf(concat(List.of(
                topicLines("t", 0, 0, 0),
                channelLines("t", "c", 0, 3, 0, 1, 0, 0, 0),
                channelLines("t", "idle", 0, 5, 0, 0, 0, 0, 0),
                memLines(0))));
    }

    @Test
    void aChannelCreatedAgainCountsFromZeroInsteadOfANegativeDelta() {
        reporter(o -> { }, null);
        nsqd.broker().topic("t").channel("c");
        producer().pub("t", "x").expectOk().pub("t", "y").expectOk();
        awaitChannel("t", "c", 2, 0, 0, 0);
        reporter.push();
        statsd.lines(12);

        nsqd.broker().existingTopic("t").deleteChannel("c");
        nsqd.broker().topic("t").channel("c");
        producer().pub("t", "z").expectOk();
        awaitChannel("t", "c", 1, 0, 0, 0);
        reporter.push();

        assertThat(statsd.lines(12)).contains(PREFIX + "topic.t.message_count:1|c",
                PREFIX + "topic.t.channel.c.message_count:1|c");
    }

    @Test
    void ephemeralTopicsAndChannelsAreSentUnderTheirRawNamesUnlessExcluded() {
        nsqd.broker().topic("t").channel("c");
        nsqd.broker().topic("t").channel("c#ephemeral");
        nsqd.broker().topic("e#ephemeral").channel("x");

        reporter(o -> { }, null).push();
        List<String> all = statsd.linesThrough(PREFIX + "topic.t.channel.c#ephemeral.clients");
        reporter.close();
        reporter(o -> o.statsdExcludeEphemeral = true, null).push();
        List<String> excluded = statsd.linesThrough(PREFIX + "topic.t.channel.c.clients");

        assertThat(all).contains(PREFIX + "topic.e#ephemeral.depth:0|g",
                PREFIX + "topic.e#ephemeral.channel.x.depth:0|g", PREFIX + "topic.t.channel.c#ephemeral.depth:0|g");
        assertThat(all).hasSize(4 + 8 + 4 + 8 + 8);
        assertThat(excluded).containsExactlyElementsOf(concat(List.of(
                topicLines("t", 0, 0, 0), channelLines("t", "c", 0, 0, 0, 0, 0, 0, 0))));
    }

    @Test
    void e2eProcessingLatencyIsAGaugePerConfiguredQuantileInNanoseconds() throws IOException {
        nsqd.close();
        startNsqd(o -> o.e2eProcessingLatencyPercentiles.addAll(List.of(1.0, 0.99, 0.5)));
        reporter(o -> { }, null);
        WireClient consumer = consumer("t", "c").rdy(1);
        long published = System.nanoTime();
        producer().pub("t", "x").expectOk();
        consumer.fin(consumer.readMessage().id());
        Await.until(TIMEOUT, () -> nsqd.broker().stats("t", "c", false).topics().get(0).channels().get(0)
                .e2eProcessingLatency().count() == 1, "the FIN to be measured");
        long bound = System.nanoTime() - published;

        reporter.push();

        List<String> lines = statsd.lines(4 + 3 + 8 + 3);
        for (String key : List.of("topic.t", "topic.t.channel.c")) {
            for (String quantile : List.of("100", "99", "50")) {
                String stat = PREFIX + key + ".e2e_processing_latency_" + quantile + ":";
                String line = lines.stream().filter(l -> l.startsWith(stat)).findFirst().orElseThrow(
                        () -> new AssertionError("no " + stat + " in " + lines));
                assertThat(line).endsWith("|g");
                long nanos = Long.parseLong(line.substring(stat.length(), line.length() - 2));
                assertThat(nanos).isPositive().isLessThanOrEqualTo(bound + bound / 50); // HdrHistogram's 1 %
            }
        }
        assertThat(lines.get(4)).startsWith(PREFIX + "topic.t.e2e_processing_latency_100:");
        assertThat(lines.get(lines.size() - 1)).startsWith(PREFIX + "topic.t.channel.c.e2e_processing_latency_50:");
    }

    @Test
    void noPacketIsLargerThanTheConfiguredSizeAndNoLineIsSplit() {
        for (int i = 0; i < 20; i++) {
            nsqd.broker().topic("topic_" + i).channel("channel");
        }
        reporter(o -> o.statsdUdpPacketSize = 120, null).push();

        List<String> lines = new ArrayList<>();
        while (lines.size() < 20 * 12) {
            String packet = statsd.packet();
            assertThat(packet.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(120);
            lines.addAll(StatsdReceiver.linesOf(packet));
        }
        assertThat(lines).hasSize(20 * 12).allMatch(line -> line.startsWith(PREFIX + "topic.topic_")
                && line.matches(".*:0\\|[cg]"));
    }

    @Test
    void packetsAreSpreadOverTheIntervalLessOneSecond() {
        nsqd.broker().topic("t").channel("c");
        // 12 lines of 43 to 63 bytes, one to a packet of 70: 12 packets 200 ms apart over 3.4 s - 1 s
        reporter(o -> {
            o.statsdInterval = Duration.ofMillis(3400);
            o.statsdUdpPacketSize = 70;
        }, null);
        long pushed = System.nanoTime();
        timer.execute(reporter::push);

        statsd.packet();
        long first = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            statsd.packet();
        }
        long last = System.nanoTime();

        assertThat(Duration.ofNanos(first - pushed)).isLessThan(Duration.ofSeconds(1));
        // a scheduled send never runs early: the last is 11 steps after the first
        assertThat(Duration.ofNanos(last - first)).isGreaterThanOrEqualTo(Duration.ofMillis(2100));
    }

    @Test
    void closingSendsWhatIsLeftOfAPushAtOnce() {
        nsqd.broker().topic("t").channel("c");
        reporter(o -> {
            o.statsdInterval = Duration.ofMinutes(10);
            o.statsdUdpPacketSize = 70;
        }, null);
        timer.execute(reporter::push);
        assertThat(statsd.packet()).isEqualTo(PREFIX + "topic.t.message_count:0|c\n"); // the next in 50 s

        reporter.close();

        List<String> rest = statsd.lines(11);
        assertThat(rest).hasSize(11);
        assertThat(rest.get(10)).isEqualTo(PREFIX + "topic.t.channel.c.clients:0|g");
    }
}
