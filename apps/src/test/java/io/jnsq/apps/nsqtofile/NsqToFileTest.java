package io.jnsq.apps.nsqtofile;

import static io.jnsq.apps.tools.TestMessages.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.tools.ToolRun;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.protocol.Hostname;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** nsq_to_file end to end, in this JVM: nsqd (and nsqlookupd) on loopback, files in a temporary directory. */
@Timeout(60)
class NsqToFileTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private ToolRun<NsqToFile> run;

    @AfterEach
    void tearDown() throws Exception {
        if (run != null) {
            run.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void messagesAreFinishedOnlyOnceTheirFileIsSynced() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--sync-interval=1h");
        Channel channel = awaitConsumer("t");
        // as NSQ's, opening a file syncs: the first message is finished at once
        List<String> bodies = new ArrayList<>(publish(cluster.nsqd(0), "t", "first", 1));
        awaitAnswered(channel, 1);

        bodies.addAll(publish(cluster.nsqd(0), "t", "m", 10));

        Await.until(WAIT, () -> lines(dir.resolve("t.log")).size() == 11, "the lines in the file");
        assertThat(channel.inFlightCount()).as("written, not synced, not finished").isEqualTo(10);
        run.tool.hup();
        awaitAnswered(channel, 11);
        assertThat(lines(dir.resolve("t.log"))).containsExactlyElementsOf(bodies);
        assertThat(run.stop()).isZero();
    }

    @Test
    void aStarvedConsumerSyncsWithoutWaitingForTheTicker() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--sync-interval=1h", "--max-in-flight=5");
        Channel channel = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 103);

        Await.until(WAIT, () -> channel.depth() == 0 && channel.inFlightCount() < 5, "all but the last few synced");
        Await.until(WAIT, () -> lines(dir.resolve("t.log")).size() == 103, "every line in the file");
        assertThat(run.stop()).isZero();
        awaitAnswered(channel, 103);
        assertThat(lines(dir.resolve("t.log"))).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void eachTopicHasItsFile() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=a", "--topic=b", source(), "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--sync-interval=50ms");
        Channel a = awaitConsumer("a");
        Channel b = awaitConsumer("b");

        List<String> as = publish(cluster.nsqd(0), "a", "a", 20);
        List<String> bs = publish(cluster.nsqd(0), "b", "b", 30);

        awaitAnswered(a, 20);
        awaitAnswered(b, 30);
        assertThat(lines(dir.resolve("a.log"))).containsExactlyInAnyOrderElementsOf(as);
        assertThat(lines(dir.resolve("b.log"))).containsExactlyInAnyOrderElementsOf(bs);
        assertThat(a.name()).isEqualTo("nsq_to_file");
    }

    @Test
    void topicsMatchingThePatternAreFoundThroughNsqlookupdAsTheyAppear() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(1).start();
        cluster.nsqd(0).broker().topic("match_one");
        cluster.nsqd(0).broker().topic("other");
        cluster.awaitProducers("match_one", 1);
        cluster.awaitProducers("other", 1);
        run = start("--topic-pattern=^match", "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0),
                "--topic-refresh=100ms", "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--sync-interval=50ms");
        Channel one = awaitConsumer("match_one");

        cluster.nsqd(0).broker().topic("match_two");
        cluster.awaitProducers("match_two", 1);
        Channel two = awaitConsumer("match_two");
        List<String> ones = publish(cluster.nsqd(0), "match_one", "1-", 5);
        List<String> twos = publish(cluster.nsqd(0), "match_two", "2-", 5);
        publish(cluster.nsqd(0), "other", "o-", 5);

        awaitAnswered(one, 5);
        awaitAnswered(two, 5);
        assertThat(lines(dir.resolve("match_one.log"))).containsExactlyInAnyOrderElementsOf(ones);
        assertThat(lines(dir.resolve("match_two.log"))).containsExactlyInAnyOrderElementsOf(twos);
        assertThat(cluster.nsqd(0).broker().topic("other").existingChannel("nsq_to_file")).isNull();
        assertThat(files(dir)).hasSize(2);
    }

    @Test
    void gzippedFilesHoldEveryMessage() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--output-dir=" + dir, "--filename-format=<TOPIC><REV>.log",
                "--gzip", "--gzip-level=1", "--max-in-flight=10");
        Channel channel = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 95);
        Await.until(WAIT, () -> channel.depth() == 0, "every message delivered");
        assertThat(run.stop()).isZero();

        awaitAnswered(channel, 95);
        assertThat(TestFiles.gunzipLines(dir.resolve("t-000000.log.gz"))).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void withSkipEmptyFilesARotationClosesTheFileUntilTheNextMessage() throws Exception {
        Path work = dir.resolve("work");
        Path out = dir.resolve("out");
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--work-dir=" + work, "--output-dir=" + out,
                "--filename-format=<TOPIC><REV>.log", "--rotate-interval=100ms", "--sync-interval=20ms",
                "--skip-empty-files");
        awaitConsumer("t");

        // a move is a link then an unlink: the file is in both directories for a moment
        publish(cluster.nsqd(0), "t", "first", 1);
        Await.until(WAIT, () -> Files.exists(out.resolve("t-000000.log")) && files(work).isEmpty(),
                "the first file rotated out, and no empty file opened");
        publish(cluster.nsqd(0), "t", "second", 1);
        Await.until(WAIT, () -> Files.exists(out.resolve("t-000001.log")) && files(work).isEmpty(),
                "the second file rotated out, and no empty file opened");

        assertThat(lines(out.resolve("t-000000.log"))).containsExactly("first0");
        assertThat(lines(out.resolve("t-000001.log"))).containsExactly("second0");
    }

    @Test
    void withoutSkipEmptyFilesTheTickerOpensEmptyFiles() throws Exception {
        Path work = dir.resolve("work");
        Path out = dir.resolve("out");
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--work-dir=" + work, "--output-dir=" + out,
                "--filename-format=<TOPIC><REV>.log", "--rotate-interval=100ms", "--sync-interval=20ms");
        awaitConsumer("t");

        Await.until(WAIT, () -> Files.exists(out.resolve("t-000001.log")), "files rotated out with no message");

        assertThat(Files.size(out.resolve("t-000000.log"))).isZero();
    }

    @Test
    void nsqsDefaultFileNameHoldsTheTopicTheShortHostnameAndTheHour() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        String before = hour();
        run = start("--topic=app_t", source(), "--output-dir=" + dir);
        Channel channel = awaitConsumer("app_t");

        List<String> bodies = publish(cluster.nsqd(0), "app_t", "m", 10);

        Await.until(WAIT, () -> channel.depth() == 0, "every message delivered");
        assertThat(run.stop()).isZero();
        awaitAnswered(channel, 10);
        String host = Hostname.os().split("\\.", -1)[0];
        // as NSQ's on host vm: app_t.vm.2026-11-21_12.log; the hour may turn while the test runs
        assertThat(files(dir)).isNotEmpty().allSatisfy(file -> assertThat(file.getFileName().toString())
                .isIn("app_t." + host + "." + before + ".log", "app_t." + host + "." + hour() + ".log"));
        assertThat(linesOfAll(dir)).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void theFilenameFormatTakesNsqsTokensTheDatetimeFormatAndTheHostIdentifier() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        String month = DateTimeFormatter.ofPattern("yyyyMM").format(ZonedDateTime.now());
        run = start("--topic=t", source(), "--output-dir=" + dir, "--datetime-format=%Y%m",
                "--host-identifier=id-<SHORT_HOST>", "--filename-format=<TOPIC>/<HOST>.<PID>.<DATETIME>.log");
        Channel channel = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 5);

        Await.until(WAIT, () -> channel.depth() == 0, "every message delivered");
        assertThat(run.stop()).isZero();
        awaitAnswered(channel, 5);
        String host = Hostname.os().split("\\.", -1)[0];
        Path file = dir.resolve("t").resolve("id-" + host + "." + ProcessHandle.current().pid() + "." + month + ".log");
        assertThat(lines(file)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(files(dir.resolve("t"))).containsExactly(file);
    }

    @Test
    void aFileGrownPastTheRotateSizeIsFollowedByTheNextRevision() throws Exception {
        Path work = dir.resolve("work");
        Path out = dir.resolve("out");
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--work-dir=" + work, "--output-dir=" + out,
                "--filename-format=<TOPIC><REV>.log", "--rotate-size=20", "--sync-interval=1h");
        Channel channel = awaitConsumer("t");

        // 3 bytes a line: a file takes lines until it holds more than 20 bytes, 7 of them
        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 10);

        Await.until(WAIT, () -> Files.exists(out.resolve("t-000000.log")), "the first file rotated out");
        assertThat(run.stop()).isZero();
        awaitAnswered(channel, 10);
        assertThat(files(work)).isEmpty();
        assertThat(files(out)).containsExactlyInAnyOrder(out.resolve("t-000000.log"), out.resolve("t-000001.log"));
        assertThat(lines(out.resolve("t-000000.log"))).hasSize(7);
        assertThat(lines(out.resolve("t-000001.log"))).hasSize(3);
        assertThat(linesOfAll(out)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void theGzipLevelIsTheCompressionOfTheFiles() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        Random random = new Random(7);
        String body = IntStream.range(0, 5000).mapToObj(i -> "line " + random.nextInt(1000) + " of many")
                .collect(Collectors.joining("\n"));

        long fastest = gzippedSize("fast", "1", body);
        long smallest = gzippedSize("best", "9", body);

        assertThat(smallest).isLessThan(fastest);
    }

    @Test
    void theTopicPatternAlsoFiltersTheTopicsGiven() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        Topic other = cluster.nsqd(0).broker().topic("other");
        run = start("--topic=other", "--topic=match_a", "--topic-pattern=^match", source(), "--output-dir=" + dir,
                "--filename-format=<TOPIC>.log", "--sync-interval=50ms");
        Channel match = awaitConsumer("match_a");

        List<String> bodies = publish(cluster.nsqd(0), "match_a", "a", 5);
        publish(cluster.nsqd(0), "other", "o", 5);

        awaitAnswered(match, 5);
        assertThat(lines(dir.resolve("match_a.log"))).containsExactlyInAnyOrderElementsOf(bodies);
        // the topics given are taken in order: "other" was passed over before match_a's consumer started
        assertThat(other.existingChannel("nsq_to_file")).isNull();
        assertThat(files(dir)).containsExactly(dir.resolve("match_a.log"));
    }

    @Test
    void maxInFlightAndConsumerOptionsReachTheClientButNotItsUserAgent() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        run = start("--topic=t", source(), "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--max-in-flight=9", "--consumer-opt=client_id,to-file-test", "--consumer-opt=user_agent,mine");
        awaitConsumer("t");

        // RDY follows SUB: wait for it
        String stats = Await.untilNonNull(WAIT, () -> {
            String body = TestHttp.get(cluster.nsqdHttpAddresses().get(0), "/stats?format=json&topic=t").body();
            return body.contains("\"ready_count\":9") ? body : null;
        }, "RDY 9");

        assertThat(stats).contains("\"client_id\":\"to-file-test\"")
                .contains("\"user_agent\":\"nsq_to_file/1.3.0 go-nsq/1.1.0\"");
        assertThat(run.stop()).isZero();
    }

    /**
     * Runs nsq_to_file with {@code --gzip-level=level} on one message; the file's size. One message, so that the
     * file is the same whatever the timing: a gzip member holding it (synced as the file opens), then an empty one.
     */
    private long gzippedSize(String topic, String level, String body) throws Exception {
        Path out = Files.createDirectories(dir.resolve(topic));
        Channel channel = cluster.nsqd(0).broker().topic(topic).channel("nsq_to_file");
        cluster.nsqd(0).broker().topic(topic).publish(body.getBytes(UTF_8));
        try (ToolRun<NsqToFile> levelRun = start("--topic=" + topic, source(), "--output-dir=" + out,
                "--filename-format=<TOPIC><REV>.log", "--gzip", "--gzip-level=" + level)) {
            awaitAnswered(channel, 1);
            assertThat(levelRun.stop()).isZero();
        }
        Path file = out.resolve(topic + "-000000.log.gz");
        assertThat(TestFiles.gunzipLines(file)).containsExactlyElementsOf(body.lines().toList());
        return Files.size(file);
    }

    /** {@code --datetime-format}'s default, {@code %Y-%m-%d_%H}, now. */
    private static String hour() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd_HH").format(ZonedDateTime.now());
    }

    private static List<String> linesOfAll(Path directory) {
        List<String> all = new ArrayList<>();
        for (Path file : files(directory)) {
            all.addAll(lines(file));
        }
        return all;
    }

    private String source() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    /** The topic's nsq_to_file channel, once subscribed to. */
    private Channel awaitConsumer(String topic) {
        return Await.untilNonNull(WAIT, () -> {
            Topic t = cluster.nsqd(0).broker().existingTopic(topic);
            Channel channel = t == null ? null : t.existingChannel("nsq_to_file");
            return channel != null && !channel.clients().isEmpty() ? channel : null;
        }, "a consumer of " + topic);
    }

    /**
     * Until the channel has had {@code messages} and finished them all: counted first, as the topic may hand a
     * message to its channels after the publish has returned; then none undelivered, which (unlike depth and in
     * flight, both 0 while a message moves from the channel to its consumer) is never 0 while one is left.
     */
    private static void awaitAnswered(Channel channel, long messages) {
        Await.until(WAIT, () -> channel.messageCount() == messages && channel.undelivered() == 0,
                messages + " messages finished");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path directory) {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nsq_to_file run on a thread of its own, as its main would. */
    private static ToolRun<NsqToFile> start(String... args) throws Exception {
        return new ToolRun<>("nsq_to_file", new NsqToFile(NsqToFileCommandLine.parse(args)));
    }
}
