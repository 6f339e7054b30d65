package io.jnsq.apps.nsqstat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.tools.FullListener;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsq_stat end to end, in this JVM: nsqd and nsqlookupd on loopback, stdout into a buffer. */
@Timeout(60)
class NsqStatTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private NsqCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void printsTheHeaderAndCountRowsOfTheChannelThroughNsqd() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Channel channel = topic.channel("c");
        publish(topic, 5);
        Await.until(WAIT, () -> channel.depth() == 5, "5 messages in the channel");
        try (WireClient consumer = WireClient.connect(cluster.nsqd(0).tcpAddress())) {
            consumer.sub("t", "c").expectOk().rdy(2);
            consumer.readMessage();
            consumer.readMessage();
            Await.until(WAIT, () -> channel.inFlightCount() == 2, "2 messages in flight");

            String out = run("--topic=t", "--channel=c", "--count=2", "--interval=100ms",
                    "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0));

            assertThat(out).isEqualTo(StatFormat.HEADER
                    + "      0       0 |       3       3       0     2     0 |       0       0            5       1\n"
                    + "      0       0 |       3       3       0     2     0 |       0       0            5       1\n");
        }
    }

    @Test
    void sumsTheChannelOverEveryNsqdNsqlookupdKnowsForTheTopic() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        Topic t0 = cluster.nsqd(0).broker().topic("t");
        Topic t1 = cluster.nsqd(1).broker().topic("t");
        Channel c0 = t0.channel("c");
        Channel c1 = t1.channel("c");
        t1.channel("other");
        publish(t0, 3);
        publish(t1, 4);
        Await.until(WAIT, () -> c0.depth() == 3 && c1.depth() == 4, "the messages in both channels");
        cluster.awaitProducers("t", 2);

        String out = run("--topic=t", "--channel=c", "--count=2", "--interval=100ms",
                "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0));

        assertThat(out).isEqualTo(StatFormat.HEADER
                + "      0       0 |       7       7       0     0     0 |       0       0            7       0\n"
                + "      0       0 |       7       7       0     0     0 |       0       0            7       0\n");
    }

    @Test
    void sumsOverEveryNsqdGivenThatHasTheTopic() throws Exception {
        cluster = NsqCluster.builder().nsqds(3).lookupds(0).start();
        Channel c0 = cluster.nsqd(0).broker().topic("t").channel("c");
        Channel c1 = cluster.nsqd(1).broker().topic("t").channel("c");
        cluster.nsqd(2).broker().topic("u").channel("c"); // not a producer of t: not asked for its stats
        publish(cluster.nsqd(0).broker().topic("t"), 1);
        publish(cluster.nsqd(1).broker().topic("t"), 2);
        Await.until(WAIT, () -> c0.depth() + c1.depth() == 3, "the messages in both channels");

        String out = run("--topic=t", "--channel=c", "--count=1", "--interval=100ms",
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0),
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(1),
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(2));

        assertThat(out).isEqualTo(StatFormat.HEADER
                + "      0       0 |       3       3       0     0     0 |       0       0            3       0\n");
    }

    @Test
    void ingressAndEgressAreTheMessagesInAndOutPerSecondSinceThePreviousPoll() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Channel channel = topic.channel("c");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                "--interval=1s", "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0)), stdout);
        CompletableFuture<Integer> status = run(stat);
        try (WireClient consumer = WireClient.connect(cluster.nsqd(0).tcpAddress())) {
            Await.until(WAIT, () -> stdout.toString(UTF_8).equals(StatFormat.HEADER), "the priming poll");

            // between the polls: 10 in, 4 of them out
            publish(topic, 10);
            consumer.sub("t", "c").expectOk().rdy(4);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(consumer.readMessage().id());
            }
            consumer.rdy(0); // RDY is a count in flight: no more once these are finished
            ids.forEach(consumer::fin);
            Await.until(WAIT, () -> channel.messageCount() == 10 && channel.depth() == 6
                    && channel.inFlightCount() == 0, "4 of 10 finished");

            assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
        }
        assertThat(stdout.toString(UTF_8)).isEqualTo(StatFormat.HEADER
                + "     10       4 |       6       6       0     0     0 |       0       0           10       1\n");
    }

    @Test
    void theHeaderComesBackBeforeEvery25thPoll() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        cluster.nsqd(0).broker().topic("t").channel("c");

        String out = run("--topic=t", "--channel=c", "--count=26", "--interval=10ms",
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0));

        String row = "      0       0 |       0       0       0     0     0 |       0       0            0       0\n";
        assertThat(out).isEqualTo(StatFormat.HEADER + row.repeat(24) + StatFormat.HEADER + row.repeat(2));
    }

    @Test
    void aChannelTheTopicDoesNotHaveIsFatal() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        cluster.nsqd(0).broker().topic("t").channel("other");
        NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0)), new ByteArrayOutputStream());

        assertThatThrownBy(stat::run).isInstanceOf(IOException.class)
                .hasMessage("ERROR: failed to find channel(c) in stats metadata for topic(t)");
    }

    @Test
    void aTopicNsqlookupdDoesNotKnowIsFatalWithNsqlookupdsAnswer() throws Exception {
        cluster = NsqCluster.builder().lookupds(1).start();
        NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0)), new ByteArrayOutputStream());

        assertThatThrownBy(stat::run).isInstanceOf(IOException.class)
                .hasMessage("ERROR: failed to get topic producers - failed to query any nsqlookupd:"
                        + " got response 404 Not Found \"{\\\"message\\\":\\\"TOPIC_NOT_FOUND\\\"}\"");
    }

    @Test
    void anNsqdThatDoesNotAnswerIsFatal() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        String address = cluster.nsqdHttpAddresses().get(0);
        cluster.stopNsqd(0);
        NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                "--nsqd-http-address=" + address), new ByteArrayOutputStream());

        assertThatThrownBy(stat::run).isInstanceOf(IOException.class)
                .hasMessage("ERROR: failed to get topic producers - failed to query any nsqd: Get \"http://" + address
                        + "/stats?format=json&topic=t&include_clients=false\": connection refused");
    }

    @Test
    void anNsqdThatDoesNotAnswerWithinTheRequestTimeoutIsFatal() throws Exception {
        // connected (the kernel's accept queue), never answered
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                    "--http-client-request-timeout=100ms", "--nsqd-http-address=" + address),
                    new ByteArrayOutputStream());

            // well before the default timeout of 5 s
            assertThatThrownBy(() -> run(stat).get(4, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().cause().isInstanceOf(IOException.class)
                    .hasMessage("ERROR: failed to get topic producers - failed to query any nsqd: Get \"http://"
                            + address + "/stats?format=json&topic=t&include_clients=false\": context deadline"
                            + " exceeded (Client.Timeout exceeded while awaiting headers)");
        }
    }

    @Test
    void anNsqdThatDoesNotAcceptWithinTheConnectTimeoutIsFatal() throws Exception {
        try (FullListener full = new FullListener()) {
            // without the connect timeout, nothing would end the request for an hour
            NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--count=1",
                    "--http-client-connect-timeout=100ms", "--http-client-request-timeout=1h",
                    "--nsqd-http-address=" + full.address()), new ByteArrayOutputStream());

            assertThatThrownBy(stat::run).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("ERROR: failed to get topic producers - failed to query any nsqd: Get");
        }
    }

    @Test
    void stopEndsItBetweenPollsWithStatusZero() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        cluster.nsqd(0).broker().topic("t").channel("c");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NsqStat stat = new NsqStat(NsqStatCommandLine.parse("--topic=t", "--channel=c", "--interval=1h",
                "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0)), stdout);
        CompletableFuture<Integer> status = run(stat);
        Await.until(WAIT, () -> stdout.toString(UTF_8).equals(StatFormat.HEADER), "the header");

        stat.stop();

        assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
    }

    /** nsq_stat run on a thread of its own, as its main would. */
    private static CompletableFuture<Integer> run(NsqStat stat) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stat.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        assertThat(new NsqStat(NsqStatCommandLine.parse(args), stdout).run()).isZero();
        return stdout.toString(UTF_8);
    }

    private static void publish(Topic topic, int count) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(("m" + i).getBytes(UTF_8));
        }
        topic.publish(bodies);
    }
}
