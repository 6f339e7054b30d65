package io.jnsq.nsqd.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A topic new to an nsqd first gets the channels its nsqlookupds know, so each receives the first message. */
@Timeout(60)
class ChannelPrecreationTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** A lookupd knowing {@code channels} of {@code topic}, telling nsqd its HTTP address is on {@code host}. */
    private Nsqlookupd lookupd(String broadcastHost, String topic, String... channels) throws IOException {
        NsqlookupdOptions options = new NsqlookupdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.broadcastAddress = broadcastHost;
        Nsqlookupd lookupd = new Nsqlookupd(options).start();
        running.add(lookupd);
        for (String channel : channels) {
            lookupd.db().addRegistration(Registration.channel(topic, channel));
        }
        return lookupd;
    }

    /** An nsqd that has identified with every lookupd (so it knows their HTTP addresses). */
    private Nsqd nsqd(Nsqlookupd... lookupds) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataDir.toString();
        for (Nsqlookupd lookupd : lookupds) {
            options.nsqlookupdTcpAddresses.add("127.0.0.1:" + lookupd.tcpAddress().getPort());
        }
        Nsqd nsqd = new Nsqd(options).start();
        running.add(nsqd);
        // registrations follow the IDENTIFY answer on the same connection: once one is in, nsqd has read it
        nsqd.topic("warmup");
        for (Nsqlookupd lookupd : lookupds) {
            Await.until(EVENTUALLY, () -> !lookupd.db().findProducers(Registration.TOPIC, "warmup", "").isEmpty(),
                    "nsqd registered with " + lookupd.tcpAddress());
        }
        return nsqd;
    }

    private static List<String> channelNames(Topic topic) {
        return topic.channels().stream().map(Channel::name).toList();
    }

    private int post(Nsqd nsqd, String pathAndQuery, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void everyChannelButEphemeralOnesIsCreatedAndGetsTheFirstMessage() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1", "orders", "archive", "live", "tail#ephemeral");
        Nsqd nsqd = nsqd(lookupd);

        try (WireClient producer = WireClient.connect(nsqd.tcpAddress())) {
            producer.pub("orders", "first").expectOk();
        }
        Topic topic = nsqd.existingTopic("orders");
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
        assertThat(channelNames(nsqd.existingTopic("orders"))).containsExactly("archive");

        assertThat(post(nsqd, "/pub?topic=events", "hello")).isEqualTo(200);
        Topic events = nsqd.existingTopic("events");
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
        Topic topic = nsqd.existingTopic("orders");
        assertThat(topic.isStarted()).isTrue();
        assertThat(channelNames(topic)).containsExactly("archive");
    }

    @Test
    void withoutAnyLookupdAnsweredYetATopicStartsAtOnce() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.dataPath = dataDir.toString();
        options.nsqlookupdTcpAddresses.add("127.0.0.1:1"); // nothing there
        Nsqd nsqd = new Nsqd(options).start();
        running.add(nsqd);

        Topic topic = nsqd.topic("orders");
        assertThat(topic.isStarted()).isTrue();
        topic.channel("c");
        topic.publish("now".getBytes());
        assertThat(topic.existingChannel("c").depth()).isEqualTo(1);
    }
}
