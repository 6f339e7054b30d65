package io.jnsq.apps.nsqtofile;

import static io.jnsq.apps.tools.TestMessages.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.tools.ToolRun;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        awaitAnswered(channel);

        bodies.addAll(publish(cluster.nsqd(0), "t", "m", 10));

        Await.until(WAIT, () -> lines(dir.resolve("t.log")).size() == 11, "the lines in the file");
        assertThat(channel.inFlightCount()).as("written, not synced, not finished").isEqualTo(10);
        run.tool.hup();
        awaitAnswered(channel);
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
        awaitAnswered(channel);
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

        awaitAnswered(a);
        awaitAnswered(b);
        assertThat(lines(dir.resolve("a.log"))).containsExactlyInAnyOrderElementsOf(as);
        assertThat(lines(dir.resolve("b.log"))).containsExactlyInAnyOrderElementsOf(bs);
        assertThat(a.name()).isEqualTo("nsq_to_file");
    }

    @Test
    void topicsMatchingThePatternAreFoundThroughNsqlookupdAsTheyAppear() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(1).start();
        cluster.nsqd(0).topic("match_one");
        cluster.nsqd(0).topic("other");
        cluster.awaitProducers("match_one", 1);
        cluster.awaitProducers("other", 1);
        run = start("--topic-pattern=^match", "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0),
                "--topic-refresh=100ms", "--output-dir=" + dir, "--filename-format=<TOPIC>.log",
                "--sync-interval=50ms");
        Channel one = awaitConsumer("match_one");

        cluster.nsqd(0).topic("match_two");
        cluster.awaitProducers("match_two", 1);
        Channel two = awaitConsumer("match_two");
        List<String> ones = publish(cluster.nsqd(0), "match_one", "1-", 5);
        List<String> twos = publish(cluster.nsqd(0), "match_two", "2-", 5);
        publish(cluster.nsqd(0), "other", "o-", 5);

        awaitAnswered(one);
        awaitAnswered(two);
        assertThat(lines(dir.resolve("match_one.log"))).containsExactlyInAnyOrderElementsOf(ones);
        assertThat(lines(dir.resolve("match_two.log"))).containsExactlyInAnyOrderElementsOf(twos);
        assertThat(cluster.nsqd(0).topic("other").existingChannel("nsq_to_file")).isNull();
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

        awaitAnswered(channel);
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

        publish(cluster.nsqd(0), "t", "first", 1);
        Await.until(WAIT, () -> Files.exists(out.resolve("t-000000.log")), "the first file rotated out");
        assertThat(files(work)).as("no empty file opened").isEmpty();
        publish(cluster.nsqd(0), "t", "second", 1);
        Await.until(WAIT, () -> Files.exists(out.resolve("t-000001.log")), "the second file rotated out");

        assertThat(files(work)).isEmpty();
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

    private String source() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    /** The topic's nsq_to_file channel, once subscribed to. */
    private Channel awaitConsumer(String topic) {
        return Await.untilNonNull(WAIT, () -> {
            Topic t = cluster.nsqd(0).existingTopic(topic);
            Channel channel = t == null ? null : t.existingChannel("nsq_to_file");
            return channel != null && !channel.clients().isEmpty() ? channel : null;
        }, "a consumer of " + topic);
    }

    private static void awaitAnswered(Channel channel) {
        Await.until(WAIT, () -> channel.depth() == 0 && channel.inFlightCount() == 0 && channel.deferredCount() == 0,
                "every message finished");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.toList());
        }
    }

    /** nsq_to_file run on a thread of its own, as its main would. */
    private static ToolRun<NsqToFile> start(String... args) throws Exception {
        return new ToolRun<>("nsq_to_file", new NsqToFile(NsqToFileCommandLine.parse(args)));
    }
}
