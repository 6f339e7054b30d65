package io.jnsq.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nsqlookupd and three nsqd, seen from outside as a consumer or an operator sees them: through nsqlookupd's and
 * nsqd's HTTP APIs.
 */
class NsqClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TOMBSTONE_LIFETIME = Duration.ofSeconds(2);
    private static final String TOPIC = "cluster_topic";
    private static final String CHANNEL = "cluster_channel";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NsqCluster cluster;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = NsqCluster.builder().nsqds(3).lookupds(2)
                .lookupdOptions(o -> o.tombstoneLifetime = TOMBSTONE_LIFETIME)
                .start();
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
    }

    @Test
    @Timeout(30)
    void everyNsqdIsRegisteredWithEveryLookupd() {
        for (String lookupd : cluster.lookupdHttpAddresses()) {
            Await.until(WAIT, () -> get(lookupd, "/nodes").get("producers").size() == 3,
                    "3 nodes in " + lookupd + "/nodes");
            JsonNode producers = get(lookupd, "/nodes").get("producers");
            assertThat(addresses(producers, "tcp_port")).containsExactlyInAnyOrderElementsOf(
                    cluster.nsqdTcpAddresses());
            assertThat(addresses(producers, "http_port")).containsExactlyInAnyOrderElementsOf(
                    cluster.nsqdHttpAddresses());
            assertThat(producers).allSatisfy(p -> {
                assertThat(p.get("version").asText()).isEqualTo(Nsqd.VERSION);
                assertThat(p.get("topics")).isEmpty();
            });
        }
    }

    @Test
    @Timeout(30)
    void aTopicOnEveryNsqdListsThemAllUntilOneDeletesIt() {
        List<String> nodes = cluster.nsqdHttpAddresses();
        for (String nsqd : nodes) {
            post(nsqd, "/pub?topic=" + TOPIC, "hello");
        }
        awaitLookup(cluster.lookupdHttpAddresses(), nodes);

        post(nodes.get(1), "/topic/delete?topic=" + TOPIC, "");

        awaitLookup(cluster.lookupdHttpAddresses(), List.of(nodes.get(0), nodes.get(2)));
    }

    @Test
    @Timeout(30)
    void aTombstoneHidesAProducerFromOneLookupdForItsLifetime() {
        for (int i = 0; i < 3; i++) {
            cluster.nsqd(i).broker().topic(TOPIC);
        }
        cluster.awaitProducers(TOPIC, 3);
        List<String> nodes = cluster.nsqdHttpAddresses();
        String lookupd = cluster.lookupdHttpAddresses().get(0);

        long tombstonedBefore = System.nanoTime();
        post(lookupd, "/topic/tombstone?topic=" + TOPIC + "&node=" + nodes.get(0), "");

        assertThat(lookupNodes(lookupd)).containsExactlyInAnyOrder(nodes.get(1), nodes.get(2));
        for (JsonNode producer : get(lookupd, "/nodes").get("producers")) {
            int topicIndex = textValues(producer.get("topics")).indexOf(TOPIC);
            boolean tombstoned = producer.get("tombstones").get(topicIndex).asBoolean();
            assertThat(tombstoned).as("tombstoned: %s", producer)
                    .isEqualTo(address(producer, "http_port").equals(nodes.get(0)));
        }
        assertThat(lookupNodes(cluster.lookupdHttpAddresses().get(1))).containsExactlyInAnyOrderElementsOf(nodes);

        awaitLookup(List.of(lookupd), nodes);
        assertThat(Duration.ofNanos(System.nanoTime() - tombstonedBefore)).isGreaterThan(TOMBSTONE_LIFETIME);
    }

    @Test
    @Timeout(30)
    void aRestartedLookupdGetsEveryRegistrationBackOnItsPorts() throws IOException {
        for (int i = 0; i < 3; i++) {
            cluster.nsqd(i).broker().topic(TOPIC).channel(CHANNEL);
        }
        cluster.awaitProducers(TOPIC, 3);
        List<String> lookupds = cluster.lookupdHttpAddresses();
        List<String> lookupdTcp = cluster.lookupdTcpAddresses();

        cluster.stopLookupd(0);
        cluster.startLookupd(0);

        assertThat(cluster.lookupdHttpAddresses()).isEqualTo(lookupds);
        assertThat(cluster.lookupdTcpAddresses()).isEqualTo(lookupdTcp);
        awaitLookup(lookupds, cluster.nsqdHttpAddresses());
        for (String lookupd : lookupds) {
            assertThat(textValues(get(lookupd, "/lookup?topic=" + TOPIC).get("channels"))).containsExactly(CHANNEL);
            assertThat(get(lookupd, "/nodes").get("producers"))
                    .allSatisfy(p -> assertThat(textValues(p.get("topics"))).containsExactly(TOPIC));
        }
    }

    @Test
    @Timeout(30)
    void aRestartedNsqdKeepsItsTopicsAndRegistersThemAgain() throws IOException {
        String node = cluster.nsqdHttpAddresses().get(2);
        cluster.nsqd(2).broker().topic(TOPIC).channel(CHANNEL);
        post(node, "/pub?topic=" + TOPIC, "kept");
        awaitLookup(cluster.lookupdHttpAddresses(), List.of(node));

        cluster.stopNsqd(2);
        awaitLookup(cluster.lookupdHttpAddresses(), List.of());
        Nsqd restarted = cluster.startNsqd(2);

        assertThat(cluster.nsqdHttpAddresses().get(2)).isEqualTo(node);
        assertThat(restarted.broker().existingTopic(TOPIC).existingChannel(CHANNEL).depth()).isEqualTo(1);
        awaitLookup(cluster.lookupdHttpAddresses(), List.of(node));
        for (String lookupd : cluster.lookupdHttpAddresses()) {
            assertThat(textValues(get(lookupd, "/lookup?topic=" + TOPIC).get("channels"))).containsExactly(CHANNEL);
        }
    }

    @Test
    @Timeout(30)
    void aTopicNewToAnNsqdGetsTheChannelsConsumedElsewhereBeforeItsFirstMessage() {
        // an answered IDENTIFY is how nsqd knows where to ask; a registration after it proves it was read
        cluster.nsqd(1).broker().topic("warmup");
        cluster.awaitProducers("warmup", 1);
        List<String> nodes = cluster.nsqdHttpAddresses();
        try (WireClient consumer = WireClient.connect(cluster.nsqd(0).tcpAddress())) {
            consumer.sub(TOPIC, CHANNEL).expectOk();
            for (String lookupd : cluster.lookupdHttpAddresses()) {
                Await.until(WAIT, () -> textValues(get(lookupd, "/channels?topic=" + TOPIC).get("channels"))
                        .contains(CHANNEL), CHANNEL + " known to " + lookupd);
            }

            post(nodes.get(1), "/pub?topic=" + TOPIC, "first");

            JsonNode topics = get(nodes.get(1), "/stats?format=json&topic=" + TOPIC).get("topics");
            assertThat(topics).hasSize(1);
            JsonNode channels = topics.get(0).get("channels");
            assertThat(channels).hasSize(1);
            assertThat(channels.get(0).get("channel_name").asText()).isEqualTo(CHANNEL);
            assertThat(channels.get(0).get("depth").asLong()).isEqualTo(1);
        }
    }

    /** Waits until {@code /lookup} of {@link #TOPIC} lists exactly {@code nodes} on each of {@code lookupds}. */
    private void awaitLookup(List<String> lookupds, List<String> nodes) {
        for (String lookupd : lookupds) {
            Await.until(WAIT, () -> {
                List<String> listed = lookupNodes(lookupd);
                return listed.size() == nodes.size() && listed.containsAll(nodes);
            }, "/lookup on " + lookupd + " to list " + nodes);
        }
    }

    /**
     * The producers {@code /lookup} lists for {@link #TOPIC}, as their HTTP {@code node} addresses; none while the
     * lookupd has no registration of the topic (404).
     */
    private List<String> lookupNodes(String lookupd) {
        HttpResponse<String> response = TestHttp.get(lookupd, "/lookup?topic=" + TOPIC);
        if (response.statusCode() == 404) {
            return List.of();
        }
        return addresses(json(response, "/lookup").get("producers"), "http_port");
    }

    private static List<String> addresses(JsonNode producers, String portKey) {
        List<String> addresses = new ArrayList<>();
        producers.forEach(p -> addresses.add(address(p, portKey)));
        return addresses;
    }

    private static String address(JsonNode producer, String portKey) {
        return producer.get("broadcast_address").asText() + ":" + producer.get(portKey).asInt();
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private JsonNode get(String address, String pathAndQuery) {
        return json(TestHttp.get(address, pathAndQuery), pathAndQuery);
    }

    private static JsonNode json(HttpResponse<String> response, String pathAndQuery) {
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void post(String address, String pathAndQuery, String body) {
        HttpResponse<String> response = TestHttp.post(address, pathAndQuery, body);
        assertThat(response.statusCode()).as("POST %s: %s", pathAndQuery, response.body()).isEqualTo(200);
    }
}
