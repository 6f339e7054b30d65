package io.jnsq.nsqd.http;

import static io.jnsq.nsqd.http.StatsServer.MAPPER;
import static io.jnsq.nsqd.http.StatsServer.assertSameShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios of the reference's observed /stats examples (nsqd.md §3.4) played against our nsqd, and the JSON
 * compared with nsqd 1.3's key by key: a consumer that finished 7 messages, a producer that published them, a
 * paused channel, a deferred message, e2e percentiles 1.0, 0.99 and 0.5.
 */
@Timeout(30)
class StatsReferenceScenarioTest {
    @TempDir
    Path dataPath;
    private StatsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Subscribes a consumer, publishes {@code bodies} from a producer connection and finishes them all. */
    private void consumeThroughOneConsumer(String topic, String channel, List<String> bodies) {
        WireClient consumer = server.connect("vm", "vm", "nsq_tail/1.3.0 go-nsq/1.1.0");
        consumer.sub(topic, channel).expectOk().rdy(200);
        WireClient producer = server.connect("demo-producer", "producer.local", "probe-producer/1.0");
        for (String body : bodies) {
            producer.pub(topic, body).expectOk();
        }
        for (int i = 0; i < bodies.size(); i++) {
            Message m = consumer.readMessage();
            consumer.fin(m.id());
        }
        Channel ch = server.nsqd.broker().existingTopic(topic).existingChannel(channel);
        Await.until(StatsServer.TIMEOUT, () -> ch.clients().get(0).stats().finishCount() == bodies.size(),
                "the consumer's FINs to be processed");
    }

    private static List<String> sevenBodies(int... lengths) {
        List<String> bodies = new ArrayList<>();
        for (int length : lengths) {
            bodies.add("x".repeat(length));
        }
        return bodies;
    }

    @Test
    void theFullExampleHasNsqsStructureKeyByKey() throws Exception {
        long scenarioStart = System.nanoTime();
        server = new StatsServer(dataPath, o -> o.e2eProcessingLatencyPercentiles.addAll(List.of(1.0, 0.99, 0.5)));
        consumeThroughOneConsumer("example_topic", "example_channel", sevenBodies(5, 5, 5, 5, 5, 5, 5));
        Channel paused = server.nsqd.broker().existingTopic("example_topic").channel("paused_channel");
        paused.pause();
        assertThat(postDeferred("example_topic", "later")).isEqualTo(200);
        long scenarioNanos = System.nanoTime() - scenarioStart;

        JsonNode actual = server.json("/stats?format=json&topic=example_topic");

        JsonNode expected = MAPPER.readTree(StatsExample.resource("stats-example.json"));
        assertSameShape(expected, actual, "$");
        JsonNode topic = actual.get("topics").get(0);
        assertThat(topic.get("topic_name").asText()).isEqualTo("example_topic");
        assertThat(topic.get("message_count").asLong()).isEqualTo(8);
        assertThat(topic.get("message_bytes").asLong()).isEqualTo(7 * 5 + 5);

        JsonNode consumed = topic.get("channels").get(0);
        assertThat(consumed.get("channel_name").asText()).isEqualTo("example_channel");
        assertThat(consumed.get("message_count").asLong()).isEqualTo(8);
        assertThat(consumed.get("global_msg_count").asLong()).isEqualTo(7);
        assertThat(consumed.get("deferred_count").asLong()).isEqualTo(1);
        assertThat(consumed.get("client_count").asInt()).isEqualTo(1);
        JsonNode client = consumed.get("clients").get(0);
        assertThat(client.get("client_id").asText()).isEqualTo("vm");
        assertThat(client.get("user_agent").asText()).isEqualTo("nsq_tail/1.3.0 go-nsq/1.1.0");
        assertThat(client.get("state").asInt()).isEqualTo(3);
        assertThat(client.get("ready_count").asLong()).isEqualTo(200);
        assertThat(client.get("message_count").asLong()).isEqualTo(7);
        assertThat(client.get("finish_count").asLong()).isEqualTo(7);
        assertThat(client.get("remote_address").asText()).startsWith("127.0.0.1:");

        JsonNode latency = consumed.get("e2e_processing_latency");
        assertThat(latency.get("count").asLong()).isEqualTo(7);
        assertPlausiblePercentiles(latency, scenarioNanos);
        assertThat(topic.get("e2e_processing_latency")).isEqualTo(latency); // the topic merges its channels

        JsonNode pausedStats = topic.get("channels").get(1);
        assertThat(pausedStats.get("paused").asBoolean()).isTrue();
        assertThat(pausedStats.get("message_count").asLong()).isEqualTo(1);
        assertThat(pausedStats.get("deferred_count").asLong()).isEqualTo(1);
        assertThat(pausedStats.get("e2e_processing_latency").get("count").asLong()).isZero();
        assertThat(pausedStats.get("e2e_processing_latency").get("percentiles").findValuesAsText("value"))
                .containsExactly("0", "0", "0");

        JsonNode producer = actual.get("producers").get(0);
        assertThat(producer.get("client_id").asText()).isEqualTo("demo-producer");
        assertThat(producer.get("hostname").asText()).isEqualTo("producer.local");
        assertThat(producer.get("state").asInt()).isZero();
        assertThat(producer.get("pub_counts").toString()).isEqualTo("[{\"topic\":\"example_topic\",\"count\":7}]");
    }

    private int postDeferred(String topic, String body) {
        return server.sendWithBody("POST", "/pub?topic=" + topic + "&defer=600000", body).statusCode();
    }

    /** Configured quantiles in NSQ's (descending) order; values in ns, ordered, no larger than the scenario. */
    private static void assertPlausiblePercentiles(JsonNode latency, long upperBoundNanos) {
        JsonNode percentiles = latency.get("percentiles");
        assertThat(percentiles.findValuesAsText("quantile")).containsExactly("1", "0.99", "0.5");
        long v100 = percentiles.get(0).get("value").asLong();
        long v99 = percentiles.get(1).get("value").asLong();
        long v50 = percentiles.get(2).get("value").asLong();
        assertThat(v50).isPositive().isLessThanOrEqualTo(v99);
        assertThat(v99).isLessThanOrEqualTo(v100);
        assertThat(v100).isLessThanOrEqualTo(upperBoundNanos + upperBoundNanos / 50); // within HdrHistogram's 1%
    }

    @Test
    void theFilteredExampleMatchesNsqsBytesButForTheStartTime() {
        server = new StatsServer(dataPath, o -> { });
        // 39 bytes in 7 messages, as in the example
        consumeThroughOneConsumer("demo_topic", "demo_channel", sevenBodies(6, 6, 6, 6, 5, 5, 5));

        String actual = server.get("/stats?format=json&topic=demo_topic&channel=demo_channel&include_clients=false"
                + "&include_mem=false").body();

        String expected = StatsExample.resource("stats-filtered-example.json").strip()
                .replace("\"start_time\":1795262521", "\"start_time\":" + server.nsqd.broker().startTime());
        assertThat(actual).isEqualTo(expected);
    }
}
