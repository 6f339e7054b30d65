package io.jnsq.nsqd.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A topic new to an nsqd first gets the channels its nsqlookupds know, so each receives the first message. */
class ChannelPrecreationTest extends LookupTestBase {

    /** A lookupd knowing {@code channels} of {@code topic}, telling nsqd its HTTP address is on {@code host}. */
    private Nsqlookupd lookupd(String broadcastHost, String topic, String... channels) throws IOException {
        Nsqlookupd lookupd = lookupd(options -> options.broadcastAddress = broadcastHost);
        for (String channel : channels) {
            lookupd.db().addRegistration(Registration.channel(topic, channel));
        }
        return lookupd;
    }

    /** An nsqd that has identified with every lookupd (so it knows their HTTP addresses). */
    private Nsqd nsqd(Nsqlookupd... lookupds) throws IOException {
        Nsqd nsqd = nsqd(options -> { }, lookupds);
        // registrations follow the IDENTIFY answer on the same connection: once one is in, nsqd has read it
        nsqd.broker().topic("warmup");
        for (Nsqlookupd lookupd : lookupds) {
            Await.until(EVENTUALLY, () -> !lookupd.db().findProducers(Registration.TOPIC, "warmup", "").isEmpty(),
                    "nsqd registered with " + lookupd.tcpAddress());
        }
        return nsqd;
    }

    private static List<String> channelNames(Topic topic) {
        return topic.channels().stream().map(Channel::name).toList();
    }

    private static int post(Nsqd nsqd, String pathAndQuery, String body) {
        return TestHttp.post("127.0.0.1:" + nsqd.httpAddress().getPort(), pathAndQuery, body).statusCode();
    }

    @Test
    void everyChannelButEphemeralOnesIsCreatedAndGetsTheFirstMessage() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1", "orders", "archive", "live", "tail#ephemeral");
        Nsqd nsqd = nsqd(lookupd);

        try (WireClient producer = WireClient.connect(nsqd.tcpAddress())) {
            producer.pub("orders", "first").expectOk();
        }
        Topic topic = nsqd.broker().existingTopic("orders");
        Await.until(EVENTUALLY, topic::isStarted, "the topic to start");
        assertThat(channelNames(topic)).containsExactly("archive", "live");
        for (String channel : List.of("archive", "live")) {
            try (WireClient consumer = WireClient.connect(nsqd.tcpAddress())) {
                consumer.sub("orders", channel).expectOk().rdy(1);
                assertThat(consumer.readMessage().bodyText()).isEqualTo("first");
            }
        }
    }

    @Test
    void httpRequestsThatCreateATopicAreAnsweredOnceItsChannelsExist() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1", "orders", "archive");
        lookupd.db().addRegistration(Registration.channel("events", "audit"));
        Nsqd nsqd = nsqd(lookupd);

        assertThat(post(nsqd, "/topic/create?topic=orders", "")).isEqualTo(200);
        assertThat(channelNames(nsqd.broker().existingTopic("orders"))).containsExactly("archive");

        assertThat(post(nsqd, "/pub?topic=events", "hello")).isEqualTo(200);
        Topic events = nsqd.broker().existingTopic("events");
        assertThat(channelNames(events)).containsExactly("audit");
        Await.until(EVENTUALLY, () -> events.existingChannel("audit").depth() == 1, "the message in audit");
    }

    @Test
    void aLookupdThatCannotBeAskedLeavesTheOthersChannelsAndTheTopicStarts() throws Exception {
        Nsqlookupd answering = lookupd("127.0.0.1", "orders", "archive");
        // nsqd is told to ask on 127.0.0.2, where nothing listens: refused at once
        Nsqlookupd unreachable = lookupd("127.0.0.2", "orders", "never");
        Nsqd nsqd = nsqd(answering, unreachable);

        assertThat(post(nsqd, "/topic/create?topic=orders", "")).isEqualTo(200);
        Topic topic = nsqd.broker().existingTopic("orders");
        assertThat(topic.isStarted()).isTrue();
        assertThat(channelNames(topic)).containsExactly("archive");
    }

    @Test
    void withoutAnyLookupdAnsweredYetATopicStartsAtOnce() throws Exception {
        Nsqd nsqd = nsqd(options -> options.nsqlookupdTcpAddresses.add("127.0.0.1:1")); // nothing there

        Topic topic = nsqd.broker().topic("orders");
        assertThat(topic.isStarted()).isTrue();
        topic.channel("c");
        topic.publish("now".getBytes());
        assertThat(topic.existingChannel("c").depth()).isEqualTo(1);
    }
}
