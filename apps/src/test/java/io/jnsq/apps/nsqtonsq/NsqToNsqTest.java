package io.jnsq.apps.nsqtonsq;

import static io.jnsq.apps.tools.TestMessages.drain;
import static io.jnsq.apps.tools.TestMessages.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.tools.ToolRun;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsq_to_nsq end to end, in this JVM: a source nsqd and two destination nsqd on loopback. */
@Timeout(60)
class NsqToNsqTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NsqCluster cluster;
    private ToolRun<NsqToNsq> run;

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
    void republishesEveryMessageOnceOnTheDestinationTopic() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        Channel copied = cluster.nsqd(1).broker().topic("copied").channel("c");
        run = start("--topic=t", source(), dest(1), "--destination-topic=copied");
        Channel consumed = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 200);

        Await.until(WAIT, () -> copied.messageCount() == 200, "200 messages on the destination");
        awaitAnswered(consumed);
        assertThat(drain(cluster.nsqd(1), "copied", "c", 200)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(consumed.name()).isEqualTo("nsq_to_nsq");
        assertThat(consumed.requeueCount()).isZero();
        assertThat(cluster.nsqd(1).broker().existingTopic("t")).isNull();
        assertThat(run.stop()).isZero();
        assertThat(copied.messageCount()).isEqualTo(200);
    }

    @Test
    void findsTheSourceNsqdThroughNsqlookupd() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        cluster.nsqd(0).broker().topic("t");
        cluster.awaitProducers("t", 1);
        Channel copied = cluster.nsqd(1).broker().topic("copied").channel("c");
        run = start("--topic=t", "--lookupd-http-address=" + cluster.lookupdHttpAddresses().get(0), dest(1),
                "--destination-topic=copied");
        Channel consumed = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 20);

        Await.until(WAIT, () -> copied.messageCount() == 20, "20 messages on the destination");
        awaitAnswered(consumed);
        assertThat(drain(cluster.nsqd(1), "copied", "c", 20)).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void eachTopicKeepsItsNameWithoutADestinationTopic() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        Channel a = cluster.nsqd(1).broker().topic("a").channel("c");
        Channel b = cluster.nsqd(1).broker().topic("b").channel("c");
        run = start("--topic=a", "--topic=b", source(), dest(1));
        awaitConsumer("a");
        awaitConsumer("b");

        List<String> as = publish(cluster.nsqd(0), "a", "a", 20);
        List<String> bs = publish(cluster.nsqd(0), "b", "b", 30);

        Await.until(WAIT, () -> a.messageCount() == 20 && b.messageCount() == 30, "both topics copied");
        assertThat(drain(cluster.nsqd(1), "a", "c", 20)).containsExactlyInAnyOrderElementsOf(as);
        assertThat(drain(cluster.nsqd(1), "b", "c", 30)).containsExactlyInAnyOrderElementsOf(bs);
    }

    @Test
    void roundRobinSpreadsMessagesEvenlyOverTheDestinations() throws Exception {
        cluster = NsqCluster.builder().nsqds(3).lookupds(0).start();
        Channel one = cluster.nsqd(1).broker().topic("t").channel("c");
        Channel two = cluster.nsqd(2).broker().topic("t").channel("c");
        run = start("--topic=t", source(), dest(1), dest(2), "--mode=round-robin");
        Channel consumed = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 100);

        Await.until(WAIT, () -> one.messageCount() + two.messageCount() == 100, "100 messages copied");
        awaitAnswered(consumed);
        assertThat(one.messageCount()).isEqualTo(50);
        assertThat(two.messageCount()).isEqualTo(50);
        List<String> all = new ArrayList<>(drain(cluster.nsqd(1), "t", "c", 50));
        all.addAll(drain(cluster.nsqd(2), "t", "c", 50));
        assertThat(all).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void hostpoolAvoidsADestinationThatIsDownAndLosesNothing() throws Exception {
        cluster = NsqCluster.builder().nsqds(3).lookupds(0).start();
        Channel one = cluster.nsqd(1).broker().topic("t").channel("c");
        String down = dest(2);
        cluster.stopNsqd(2);
        run = start("--topic=t", source(), dest(1), down, "--consumer-opt=max_attempts,0",
                "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=max_backoff_duration,50ms");
        Channel consumed = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 50);

        Await.until(WAIT, () -> one.messageCount() == 50, "every message on the destination that is up");
        awaitAnswered(consumed);
        assertThat(drain(cluster.nsqd(1), "t", "c", 50)).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void aMessageIsRequeuedWhileItsDestinationIsDownAndArrivesOnceItIsBack() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        cluster.nsqd(1).broker().topic("t").channel("c");
        String destination = dest(1);
        cluster.stopNsqd(1);
        run = start("--topic=t", source(), destination, "--consumer-opt=max_attempts,0",
                "--consumer-opt=default_requeue_delay,50ms", "--consumer-opt=max_backoff_duration,100ms");
        Channel consumed = awaitConsumer("t");

        List<String> bodies = publish(cluster.nsqd(0), "t", "m", 5);
        Await.until(WAIT, () -> consumed.requeueCount() >= 5, "the messages requeued");
        Nsqd back = cluster.startNsqd(1);

        Channel copied = back.broker().topic("t").channel("c");
        Await.until(WAIT, () -> copied.depth() + copied.inFlightCount() >= 5, "the messages copied");
        awaitAnswered(consumed);
        assertThat(drain(back, "t", "c", 5)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(copied.depth()).isZero();
    }

    @Test
    void jsonOptionsFilterAndWhitelist() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        Channel copied = cluster.nsqd(1).broker().topic("t").channel("c");
        run = start("--topic=t", source(), dest(1), "--require-json-field=k", "--require-json-value=v",
                "--whitelist-json-field=n", "--whitelist-json-field=k", "--whitelist-json-field=absent");
        Channel consumed = awaitConsumer("t");

        Topic topic = cluster.nsqd(0).broker().topic("t");
        for (String body : List.of("{\"x\":2,\"k\":\"v\",\"n\":1.0}", "{\"k\":\"w\"}", "not json", "{\"k\":5}",
                "{\"k\":\"v\",\"n\":2.5,\"o\":{\"p\":[1]}}")) {
            topic.publish(body.getBytes(UTF_8));
        }

        Await.until(WAIT, () -> copied.messageCount() == 2, "the two passing messages copied");
        awaitAnswered(consumed);
        assertThat(consumed.messageCount()).isEqualTo(5);
        assertThat(consumed.requeueCount()).isZero();
        assertThat(drain(cluster.nsqd(1), "t", "c", 2)).containsExactlyInAnyOrder("{\"k\":\"v\",\"n\":1}",
                "{\"k\":\"v\",\"n\":2.5}");
    }

    @Test
    void aMessageWithoutTheFieldWhoseValueIsRequiredIsBackedOffNotPublished() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        Channel copied = cluster.nsqd(1).broker().topic("t").channel("c");
        run = start("--topic=t", source(), dest(1), "--require-json-field=k", "--require-json-value=v",
                "--consumer-opt=max_attempts,2", "--consumer-opt=default_requeue_delay,10ms",
                "--consumer-opt=backoff_multiplier,10ms");
        Channel consumed = awaitConsumer("t");

        Topic topic = cluster.nsqd(0).broker().topic("t");
        topic.publish("{\"other\":1}".getBytes(UTF_8));
        topic.publish("{\"k\":\"v\"}".getBytes(UTF_8));

        // as go-nsq: requeued on each of its 2 attempts, then finished unhandled at the third
        Await.until(WAIT, () -> consumed.messageCount() == 2 && consumed.requeueCount() == 2
                && consumed.undelivered() == 0, "both answered");
        Await.until(WAIT, () -> copied.messageCount() == 1, "the passing message copied");
        assertThat(drain(cluster.nsqd(1), "t", "c", 1)).containsExactly("{\"k\":\"v\"}");
    }

    @Test
    void producerConsumerAndMaxInFlightOptionsReachTheClientsButNotTheirUserAgent() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        Channel copied = cluster.nsqd(1).broker().topic("t").channel("c");
        run = start("--topic=t", source(), dest(1), "--max-in-flight=9", "--consumer-opt=client_id,from-test",
                "--producer-opt=client_id,to-test", "--producer-opt=user_agent,mine");
        awaitConsumer("t");
        publish(cluster.nsqd(0), "t", "m", 1); // the producer connects at its first publish
        Await.until(WAIT, () -> copied.messageCount() == 1, "the message copied");

        String source = Await.untilNonNull(WAIT, () -> {
            String body = TestHttp.get(cluster.nsqdHttpAddresses().get(0), "/stats?format=json&topic=t").body();
            return body.contains("\"ready_count\":9") ? body : null;
        }, "RDY 9");
        String destination = TestHttp.get(cluster.nsqdHttpAddresses().get(1), "/stats?format=json").body();

        assertThat(source).contains("\"client_id\":\"from-test\"")
                .contains("\"user_agent\":\"nsq_to_nsq/1.3.0 go-nsq/1.1.0\"");
        assertThat(destination).contains("\"client_id\":\"to-test\"")
                .contains("\"user_agent\":\"nsq_to_nsq/1.3.0 go-nsq/1.1.0\"");
        assertThat(run.stop()).isZero();
    }

    private String source() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    private String dest(int i) {
        return "--destination-nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(i);
    }

    /** The source channel of the topic, once nsq_to_nsq has subscribed to it. */
    private Channel awaitConsumer(String topic) {
        return Await.untilNonNull(WAIT, () -> {
            Topic t = cluster.nsqd(0).broker().existingTopic(topic);
            if (t == null) {
                return null;
            }
            Channel channel = t.existingChannel("nsq_to_nsq");
            return channel != null && !channel.clients().isEmpty() ? channel : null;
        }, "a consumer of " + topic);
    }

    /**
     * Until every message of the source channel is finished: none undelivered, which (unlike depth and in flight,
     * both 0 while a message moves from the channel to its consumer) is never 0 while one is left.
     */
    private static void awaitAnswered(Channel channel) {
        Await.until(WAIT, () -> channel.undelivered() == 0, "every source message answered");
    }

    /** nsq_to_nsq run on a thread of its own, as its main would. */
    private static ToolRun<NsqToNsq> start(String... args) throws Exception {
        return new ToolRun<>("nsq_to_nsq", new NsqToNsq(NsqToNsqCommandLine.parse(args)));
    }
}
