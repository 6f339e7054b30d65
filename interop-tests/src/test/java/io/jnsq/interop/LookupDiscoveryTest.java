package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Publisher;
import com.sproutsocial.nsq.Subscriber;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.testwire.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers that find nsqds through nsqlookupd's {@code /lookup} (nsq-j's {@code Subscriber}, nsqjs's Reader with
 * {@code lookupdHTTPAddresses}) against a small cluster of ours: two nsqlookupd, three nsqd registered with both.
 */
@Timeout(90)
class LookupDiscoveryTest {
    private static final String TOPIC = "lookup_topic";

    @TempDir
    Path dataDir;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<Nsqlookupd> lookupds = new ArrayList<>();
    private final List<Nsqd> nsqds = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
    }

    private void startCluster(int lookupdCount, int nsqdCount) throws Exception {
        for (int i = 0; i < lookupdCount; i++) {
            NsqlookupdOptions options = new NsqlookupdOptions();
            options.tcpAddress = "127.0.0.1:0";
            options.httpAddress = "127.0.0.1:0";
            Nsqlookupd lookupd = new Nsqlookupd(options).start();
            running.push(lookupd);
            lookupds.add(lookupd);
        }
        for (int i = 0; i < nsqdCount; i++) {
            NsqdOptions options = new NsqdOptions();
            options.tcpAddress = "127.0.0.1:0";
            options.httpAddress = "127.0.0.1:0";
            options.dataPath = Files.createDirectory(dataDir.resolve("nsqd" + i)).toString();
            options.broadcastAddress = "127.0.0.1";
            for (Nsqlookupd lookupd : lookupds) {
                options.nsqlookupdTcpAddresses.add("127.0.0.1:" + lookupd.tcpAddress().getPort());
            }
            Nsqd nsqd = new Nsqd(options).start();
            running.push(nsqd);
            nsqds.add(nsqd);
        }
    }

    private List<String> lookupdHttpAddresses() {
        return lookupds.stream().map(l -> "127.0.0.1:" + l.httpAddress().getPort()).toList();
    }

    /** Publishes five messages to each nsqd with nsq-j; returns their bodies. */
    private List<String> publishToEveryNsqd(Client client) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < nsqds.size(); i++) {
            Publisher publisher = new Publisher(client, "127.0.0.1:" + nsqds.get(i).tcpAddress().getPort(), null);
            for (int m = 0; m < 5; m++) {
                String body = "nsqd" + i + "-" + m;
                publisher.publish(TOPIC, body.getBytes(StandardCharsets.UTF_8));
                bodies.add(body);
            }
        }
        return bodies;
    }

    private void awaitProducers(String topic, int count) {
        for (Nsqlookupd lookupd : lookupds) {
            Await.until(NsqdTestBase.WAIT, () -> lookupd.db().findProducers(Registration.TOPIC, topic, "").size()
                    == count, count + " producers of " + topic + " in every nsqlookupd");
        }
    }

    @Test
    void aSubscriberUsingLookupReceivesWhatIsPublishedToEveryNsqd() throws Exception {
        startCluster(2, 3);
        nsqds.forEach(nsqd -> nsqd.topic(TOPIC));
        awaitProducers(TOPIC, 3);

        Client client = new Client();
        running.push(() -> client.stop(2000));
        Subscriber subscriber = new Subscriber(client, 1, 5, lookupdHttpAddresses().toArray(String[]::new));
        Inbox inbox = new Inbox("lookup_channel");
        subscriber.subscribe(TOPIC, "lookup_channel", 10, inbox::recordAndFinish);
        Await.until(NsqdTestBase.WAIT, () -> subscriber.getConnectionCount() == 3, "a connection to every nsqd");

        List<String> bodies = publishToEveryNsqd(client);

        List<Delivery> received = inbox.awaitBodies(bodies, NsqdTestBase.WAIT);
        assertThat(received).extracting(Delivery::body).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void nsqjsReaderUsingLookupReceivesWhatIsPublishedToEveryNsqd() throws Exception {
        startCluster(2, 3);
        nsqds.forEach(nsqd -> nsqd.topic(TOPIC));
        awaitProducers(TOPIC, 3);
        List<String> expected = IntStream.range(0, 3).boxed()
                .flatMap(i -> IntStream.range(0, 5).mapToObj(m -> "nsqd" + i + "-" + m)).toList();

        Nsqjs reader = Nsqjs.start(new Nsqjs.Plan(null, TOPIC, "lookup_channel",
                new Nsqjs.Consume(expected, List.of(), 10, lookupdHttpAddresses()), null));
        running.push(reader);
        reader.awaitEvent("subscribed", NsqdTestBase.WAIT);
        for (Nsqd nsqd : nsqds) {
            Await.until(NsqdTestBase.WAIT, () -> nsqd.topic(TOPIC).existingChannel("lookup_channel") != null
                    && nsqd.topic(TOPIC).existingChannel("lookup_channel").clients().size() == 1,
                    "the nsqjs reader subscribed to every nsqd");
        }
        Client client = new Client();
        running.push(() -> client.stop(2000));

        assertThat(publishToEveryNsqd(client)).isEqualTo(expected);

        Nsqjs.Summary summary = reader.awaitSummary(NsqdTestBase.WAIT);
        assertThat(summary.received()).extracting(Delivery::body).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aTopicDeletedOnOneNodeLeavesLookup() throws Exception {
        startCluster(2, 3);
        nsqds.forEach(nsqd -> nsqd.topic(TOPIC));
        awaitProducers(TOPIC, 3);

        nsqds.get(1).deleteTopic(TOPIC);

        awaitProducers(TOPIC, 2);
    }
}
