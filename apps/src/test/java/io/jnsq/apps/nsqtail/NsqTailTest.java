package io.jnsq.apps.nsqtail;

import static io.jnsq.apps.tools.TestMessages.drain;
import static io.jnsq.apps.tools.TestMessages.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsq_tail end to end, in this JVM: nsqd and nsqlookupd on loopback, stdout into a buffer. */
@Timeout(60)
class NsqTailTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private NsqCluster cluster;
    private Tail tail;

    @AfterEach
    void tearDown() throws Exception {
        if (tail != null) {
            tail.tail.stop();
            tail.status.handle((status, failure) -> null).get(30, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void printsEveryMessageOfATopicOnceThroughNsqdOnARandomEphemeralChannel() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        tail = new Tail("--topic=t", nsqd(0));
        Channel channel = awaitConsumers("t", 1).get(0);
        assertThat(channel.name()).matches("tail\\d{6}#ephemeral");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 200);

        assertThat(tail.awaitLines(200)).containsExactlyElementsOf(bodies);
        assertThat(tail.stop()).isZero();
        assertThat(tail.lines()).hasSize(200);
        Await.until(WAIT, () -> cluster.nsqd(0).broker().topic("t").existingChannel(channel.name()) == null,
                "the ephemeral channel to go with its consumer");
        assertThat(channel.messageCount()).isEqualTo(200);
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void findsEveryNsqdOfTheTopicThroughNsqlookupd() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        cluster.nsqd(0).broker().topic("t");
        cluster.nsqd(1).broker().topic("t");
        cluster.awaitProducers("t", 2);
        tail = new Tail("--topic=t", "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0));
        awaitConsumers("t", 2);

        List<String> expected = new ArrayList<>(publish(cluster.nsqd(0), "t", "first-", 50));
        expected.addAll(publish(cluster.nsqd(1), "t", "second-", 50));

        assertThat(tail.awaitLines(100)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(tail.stop()).isZero();
        assertThat(tail.lines()).hasSize(100);
    }

    @Test
    void consumesEveryTopicGivenAndPrintsTheTopicFirstWithPrintTopic() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        tail = new Tail("--topic=a", "--topic=b", "--print-topic", nsqd(0));
        awaitConsumers("a", 1);
        awaitConsumers("b", 1);

        List<String> expected = new ArrayList<>();
        publish(cluster.nsqd(0), "a", "x", 30).forEach(body -> expected.add("a | " + body));
        publish(cluster.nsqd(0), "b", "y", 30).forEach(body -> expected.add("b | " + body));

        assertThat(tail.awaitLines(60)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(tail.stop()).isZero();
    }

    @Test
    void stopsAfterNMessagesOverAllTopicsAndLeavesTheRestInTheChannel() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        Nsqd nsqd = cluster.nsqd(0);
        Channel a = nsqd.broker().topic("a").channel("keep");
        Channel b = nsqd.broker().topic("b").channel("keep");
        List<String> all = new ArrayList<>(publish(nsqd, "a", "a", 20));
        all.addAll(publish(nsqd, "b", "b", 20));

        tail = new Tail("--topic=a", "--topic=b", "--channel=keep", "--n=5", nsqd(0));

        assertThat(tail.status.get(30, TimeUnit.SECONDS)).isZero();
        List<String> shown = tail.lines();
        assertThat(shown).hasSize(5).doesNotHaveDuplicates();
        Await.until(WAIT, () -> a.clients().isEmpty() && b.clients().isEmpty(), "nsq_tail's consumers to go");
        assertThat(a.inFlightCount() + b.inFlightCount()).isZero();
        assertThat(a.depth() + b.depth()).isEqualTo(35);
        // none lost, none doubled: what is left is exactly what was not shown
        List<String> left = new ArrayList<>(drain(nsqd, "a", "keep", (int) a.depth()));
        left.addAll(drain(nsqd, "b", "keep", (int) b.depth()));
        assertThat(left).doesNotContainAnyElementsOf(shown);
        List<String> together = new ArrayList<>(shown);
        together.addAll(left);
        assertThat(together).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void maxInFlightAndConsumerOptionsReachTheClientButNotItsUserAgent() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        tail = new Tail("--topic=t", "--channel=c", "--max-in-flight=7", "--consumer-opt=client_id,tail-test",
                "--consumer-opt=user_agent,mine", "--consumer-opt=heartbeat_interval,7s", nsqd(0));
        awaitConsumers("t", 1);

        // RDY follows SUB: wait for it
        String stats = Await.untilNonNull(WAIT, () -> {
            String body = TestHttp.get(cluster.nsqdHttpAddresses().get(0), "/stats?format=json&topic=t").body();
            return body.contains("\"ready_count\":7") ? body : null;
        }, "RDY 7");

        assertThat(stats).contains("\"client_id\":\"tail-test\"")
                .contains("\"user_agent\":\"nsq_tail/1.3.0 go-nsq/1.1.0\"");
        assertThat(tail.stop()).isZero();
    }

    @Test
    void anNsqdThatCannotBeReachedIsFatal() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        InetSocketAddress closed = cluster.nsqd(0).tcpAddress();
        cluster.stopNsqd(0);

        tail = new Tail("--topic=t", "--nsqd-tcp-address=127.0.0.1:" + closed.getPort());

        assertThatThrownBy(() -> tail.status.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining(Integer.toString(closed.getPort()));
    }

    @Test
    void aClosedStdoutEndsItQuietlyAsSigpipeWould() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        tail = new Tail(new FailingOutput("Broken pipe"), "--topic=t", "--channel=c", nsqd(0));
        Channel channel = awaitConsumers("t", 1).get(0);

        publish(cluster.nsqd(0), "t", "m", 3);

        assertThat(tail.status.get(30, TimeUnit.SECONDS)).isEqualTo(NsqTail.BROKEN_PIPE_STATUS);
        Await.until(WAIT, () -> channel.clients().isEmpty(), "the consumer to go");
        // the message whose line could not be written is not finished (as NSQ's, which SIGPIPE kills first)
        Await.until(WAIT, () -> channel.depth() >= 1 && channel.inFlightCount() == 0,
                "the message in hand back in the channel");
    }

    @Test
    void anotherWriteErrorIsFatal() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        tail = new Tail(new FailingOutput("No space left on device"), "--topic=t", nsqd(0));
        awaitConsumers("t", 1);

        publish(cluster.nsqd(0), "t", "m", 1);

        assertThatThrownBy(() -> tail.status.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("ERROR: failed to write to os.Stdout - No space left on device");
    }

    private String nsqd(int i) {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(i);
    }

    /** The topic's channels, once they have {@code count} consumers between them (on every nsqd). */
    private List<Channel> awaitConsumers(String topic, int count) {
        return Await.untilNonNull(WAIT, () -> {
            List<Channel> channels = new ArrayList<>();
            int consumers = 0;
            for (int i = 0; i < cluster.nsqdTcpAddresses().size(); i++) {
                Topic t = cluster.nsqd(i).broker().existingTopic(topic);
                if (t != null) {
                    for (Channel channel : t.channels()) {
                        channels.add(channel);
                        consumers += channel.clients().size();
                    }
                }
            }
            return consumers == count ? channels : null;
        }, count + " consumers of " + topic);
    }

    /** nsq_tail run on a thread of its own, as its main would, its stdout kept. */
    private static final class Tail {
        final ByteArrayOutputStream out;
        final NsqTail tail;
        final CompletableFuture<Integer> status = new CompletableFuture<>();

        Tail(String... args) throws Exception {
            this(new ByteArrayOutputStream(), args);
        }

        Tail(OutputStream stdout, String... args) throws Exception {
            this.out = stdout instanceof ByteArrayOutputStream buffer ? buffer : new ByteArrayOutputStream();
            this.tail = new NsqTail(NsqTailCommandLine.parse(args), stdout);
            Thread thread = new Thread(() -> {
                try {
                    status.complete(tail.run());
                } catch (Throwable e) {
                    status.completeExceptionally(e);
                }
            }, "nsq_tail");
            thread.setDaemon(true);
            thread.start();
        }

        /** Every line written out so far; a line is never written in parts. */
        List<String> lines() {
            String text = out.toString(UTF_8);
            if (text.isEmpty()) {
                return List.of();
            }
            assertThat(text).endsWith("\n");
            return List.of(text.substring(0, text.length() - 1).split("\n", -1));
        }

        /** The lines once there are {@code count}: written out while nsq_tail runs, not only when it stops. */
        List<String> awaitLines(int count) {
            Await.until(WAIT, () -> out.toString(UTF_8).chars().filter(c -> c == '\n').count() >= count,
                    count + " lines on stdout");
            return lines();
        }

        int stop() throws Exception {
            tail.stop();
            return status.get(30, TimeUnit.SECONDS);
        }
    }

    /** A stdout that fails every write, as one whose reader went away. */
    private static final class FailingOutput extends OutputStream {
        private final String error;

        FailingOutput(String error) {
            this.error = error;
        }

        @Override
        public void write(int b) throws IOException {
            throw new IOException(error);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException(error);
        }
    }
}
