package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Publisher;
import com.sproutsocial.nsq.Subscriber;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumers that find nsqds through nsqlookupd's {@code /lookup} (nsq-j's {@code Subscriber}, nsqjs's Reader with
 * {@code lookupdHTTPAddresses}) against a small cluster of ours: two nsqlookupd, three nsqd registered with both.
 */
@Timeout(90)
class LookupDiscoveryTest {
    private static final String TOPIC = "lookup_topic";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private NsqCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = NsqCluster.builder().nsqds(3).lookupds(2).start();
        running.push(cluster);
        for (int i = 0; i < 3; i++) {
            cluster.nsqd(i).broker().topic(TOPIC);
        }
        cluster.awaitProducers(TOPIC, 3);
    }

    @AfterEach
    void stopEverything() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
    }

    /** Publishes five messages to each nsqd with nsq-j; returns their bodies. */
    private List<String> publishToEveryNsqd(Client client) {
        List<String> bodies = new ArrayList<>();
        List<String> nsqds = cluster.nsqdTcpAddresses();
        for (int i = 0; i < nsqds.size(); i++) {
            Publisher publisher = new Publisher(client, nsqds.get(i), null);
            for (int m = 0; m < 5; m++) {
                String body = "nsqd" + i + "-" + m;
                publisher.publish(TOPIC, body.getBytes(StandardCharsets.UTF_8));
                bodies.add(body);
            }
        }
        return bodies;
    }

    @Test
    void aSubscriberUsingLookupReceivesWhatIsPublishedToEveryNsqd() throws Exception {
        Client client = new Client();
        running.push(() -> client.stop(2000));
        Subscriber subscriber = new Subscriber(client, 1, 5, cluster.lookupdHttpAddresses().toArray(String[]::new));
        Inbox inbox = new Inbox("lookup_channel");
        subscriber.subscribe(TOPIC, "lookup_channel", 10, inbox::recordAndFinish);
        Await.until(NsqdTestBase.WAIT, () -> subscriber.getConnectionCount() == 3, "a connection to every nsqd");

        List<String> bodies = publishToEveryNsqd(client);

        List<Delivery> received = inbox.awaitBodies(bodies, NsqdTestBase.WAIT);
        assertThat(received).extracting(Delivery::body).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void nsqjsReaderUsingLookupReceivesWhatIsPublishedToEveryNsqd() throws Exception {
        List<String> expected = IntStream.range(0, 3).boxed()
                .flatMap(i -> IntStream.range(0, 5).mapToObj(m -> "nsqd" + i + "-" + m)).toList();

        Nsqjs reader = Nsqjs.start(new Nsqjs.Plan(null, TOPIC, "lookup_channel",
                new Nsqjs.Consume(expected, List.of(), 10, cluster.lookupdHttpAddresses()), null));
        running.push(reader);
        reader.awaitEvent("subscribed", NsqdTestBase.WAIT);
        for (int i = 0; i < 3; i++) {
            Nsqd nsqd = cluster.nsqd(i);
            Await.until(NsqdTestBase.WAIT, () -> {
                Topic topic = nsqd.broker().existingTopic(TOPIC);
                Channel channel = topic == null ? null : topic.existingChannel("lookup_channel");
                return channel != null && channel.clients().size() == 1;
            }, "the nsqjs reader subscribed to every nsqd");
        }
        Client client = new Client();
        running.push(() -> client.stop(2000));

        assertThat(publishToEveryNsqd(client)).isEqualTo(expected);

        Nsqjs.Summary summary = reader.awaitSummary(NsqdTestBase.WAIT);
        assertThat(summary.received()).extracting(Delivery::body).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aTopicDeletedOnOneNodeLeavesLookup() throws Exception {
        cluster.nsqd(1).broker().deleteTopic(TOPIC);

        cluster.awaitProducers(TOPIC, 2);
    }
}
