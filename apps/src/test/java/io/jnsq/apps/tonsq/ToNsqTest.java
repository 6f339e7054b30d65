package io.jnsq.apps.tonsq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Message;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** to_nsq end to end, in this JVM: two nsqd on loopback, stdin from a buffer or a pipe. */
@Timeout(60)
class ToNsqTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private NsqCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void publishesEachLineOnceInOrder() throws Exception {
        Channel channel = channel(0, "t");
        String input = IntStream.range(0, 100).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());

        assertThat(run(input, "--topic=t", nsqd(0))).isZero();

        assertThat(messages(0, "t", channel)).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void skipsEmptyRecordsAndPublishesAnUnterminatedLastRecordWhole() throws Exception {
        Channel channel = channel(0, "t");

        assertThat(run("line1\nline2\n\nline3", "--topic=t", nsqd(0))).isZero();

        // NSQ 1.3 publishes "line" for the last one (docs/compatibility.md)
        assertThat(messages(0, "t", channel)).containsExactly("line1", "line2", "line3");
    }

    @Test
    void splitsAtTheDelimiterGivenAndKeepsNewlines() throws Exception {
        Channel channel = channel(0, "t");

        assertThat(run("a,b\nc,,\n,d,", "--topic=t", "--delimiter=,", nsqd(0))).isZero();

        assertThat(messages(0, "t", channel)).containsExactly("a", "b\nc", "\n", "d");
    }

    @Test
    void nothingToReadPublishesNothing() throws Exception {
        Channel channel = channel(0, "t");

        assertThat(run("\n\n", "--topic=t", nsqd(0))).isZero();

        assertThat(channel.messageCount()).isZero();
        assertThat(channel.depth()).isZero();
    }

    @Test
    void publishesEveryRecordToEveryNsqd() throws Exception {
        Channel first = channel(0, "t");
        Channel second = channel(1, "t");
        List<String> records = IntStream.range(0, 50).mapToObj(i -> "r" + i).toList();

        // a repeated address is one producer, as NSQ's map of them
        assertThat(run(String.join("\n", records) + "\n", "--topic=t", nsqd(0), nsqd(1), nsqd(0))).isZero();

        assertThat(messages(0, "t", first)).containsExactlyElementsOf(records);
        assertThat(messages(1, "t", second)).containsExactlyElementsOf(records);
    }

    @Test
    void rateLimitsThePublishes() throws Exception {
        Channel channel = channel(0, "t");
        String input = IntStream.range(0, 6).mapToObj(i -> "r" + i + "\n").collect(Collectors.joining());

        assertThat(run(input, "--topic=t", "--rate=10", nsqd(0))).isZero();

        // one token to start, then one every 100 ms: at least 500 ms from the first message to the sixth
        List<Message> messages = rawMessages(0, "t", channel);
        assertThat(messages).hasSize(6);
        long spread = messages.get(5).timestampNanos() - messages.get(0).timestampNanos();
        assertThat(Duration.ofNanos(spread)).isGreaterThan(Duration.ofMillis(400));
    }

    @Test
    void aFailedPublishIsFatal() {
        assertThatThrownBy(() -> run("one\n", "--topic=bad!", nsqd(0)))
                .hasMessageContaining("E_BAD_TOPIC");
    }

    @Test
    void anUnreachableNsqdIsFatalAtTheFirstRecord() throws Exception {
        String address = cluster.nsqdTcpAddresses().get(1);
        cluster.stopNsqd(1);

        assertThat(run("", "--topic=t", "--nsqd-tcp-address=" + address)).isZero();
        assertThatThrownBy(() -> run("one\n", "--topic=t", "--nsqd-tcp-address=" + address))
                .hasMessageContaining(address.substring(address.indexOf(':') + 1));
    }

    @Test
    void producerOptionsThatDoNotGoTogetherFailAsNsqsNewProducer() {
        assertThatThrownBy(() -> run("one\n", "--topic=t", "--producer-opt=heartbeat_interval,2m", nsqd(0)))
                .hasMessage("failed to create nsq.Producer - HeartbeatInterval 2m0s must be less than ReadTimeout"
                        + " 1m0s");
    }

    @Test
    void stopEndsItWhileStdinIsOpen() throws Exception {
        Channel channel = channel(0, "t");
        PipedOutputStream input = new PipedOutputStream();
        ToNsq tool = new ToNsq(ToNsqCommandLine.parse("--topic=t", nsqd(0)), new PipedInputStream(input));
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return tool.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        input.write("first\n".getBytes(UTF_8));
        input.flush();
        Await.until(WAIT, () -> channel.depth() == 1, "the first record to be published");

        tool.stop();

        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(messages(0, "t", channel)).containsExactly("first");
    }

    @Test
    void producerOptionsReachTheClientButNotItsUserAgent() throws Exception {
        Channel channel = channel(0, "t");
        PipedOutputStream input = new PipedOutputStream();
        ToNsq tool = new ToNsq(ToNsqCommandLine.parse("--topic=t", nsqd(0), "--producer-opt=client_id,to-nsq-test",
                "--producer-opt=user_agent,mine"), new PipedInputStream(input));
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return tool.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        input.write("first\n".getBytes(UTF_8));
        input.flush();
        Await.until(WAIT, () -> channel.depth() == 1, "the first record to be published");

        String stats = TestHttp.get(cluster.nsqdHttpAddresses().get(0), "/stats?format=json").body();
        input.close();

        assertThat(stats).contains("\"client_id\":\"to-nsq-test\"")
                .contains("\"user_agent\":\"to_nsq/1.3.0 go-nsq/1.1.0\"");
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(messages(0, "t", channel)).containsExactly("first");
    }

    private int run(String stdin, String... args) throws Exception {
        return new ToNsq(ToNsqCommandLine.parse(args), new ByteArrayInputStream(stdin.getBytes(UTF_8))).run();
    }

    private String nsqd(int i) {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(i);
    }

    /** A channel made before publishing, so that it gets every message. */
    private Channel channel(int nsqd, String topic) {
        return cluster.nsqd(nsqd).broker().topic(topic).channel("c");
    }

    /** Every message the channel holds, exactly: as many as its depth says, in order. */
    private List<String> messages(int nsqd, String topic, Channel channel) {
        return rawMessages(nsqd, topic, channel).stream().map(m -> new String(m.body(), UTF_8)).toList();
    }

    private List<Message> rawMessages(int nsqd, String topic, Channel channel) {
        Nsqd node = cluster.nsqd(nsqd);
        assertThat(channel.messageCount()).as("messages published").isEqualTo(channel.depth());
        int count = (int) channel.depth();
        List<Message> messages = new ArrayList<>();
        if (count == 0) {
            return messages;
        }
        try (WireClient client = WireClient.connect(node.tcpAddress())) {
            client.sub(topic, channel.name()).expectOk().rdy(count);
            for (int i = 0; i < count; i++) {
                Message m = client.readMessage();
                messages.add(m);
                client.fin(m.id());
            }
        }
        return messages;
    }
}
