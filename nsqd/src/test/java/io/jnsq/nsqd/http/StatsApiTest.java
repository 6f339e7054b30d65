package io.jnsq.nsqd.http;

import static io.jnsq.nsqd.http.StatsServer.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /stats end to end: filters, {@code include_clients}, {@code include_mem}, text format, producers and
 * errors, on topics {@code t1} (channels {@code a}, {@code b}; a consumer on {@code a}), {@code t2} (channel
 * {@code a}) and {@code t3} (no channel).
 */
@Timeout(30)
class StatsApiTest {
    @TempDir
    Path dataPath;
    private StatsServer server;
    private WireClient consumer;

    @BeforeEach
    void start() {
        server = new StatsServer(dataPath, o -> { });
        consumer = server.connect("c1", "consumer.local", "test-consumer/1.0");
        consumer.sub("t1", "a").expectOk();
        server.nsqd.broker().topic("t1").channel("b");
        server.nsqd.broker().topic("t2").channel("a");
        server.nsqd.broker().topic("t3");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WireClient producer() {
        return server.connect("p1", "producer.local", "test-producer/1.0");
    }

    private static List<String> names(JsonNode array, String field) {
        return array.findValuesAsText(field);
    }

    @Test
    void everyTopicSortedWithEveryChannelSorted() {
        JsonNode stats = server.json("/stats?format=json");

        assertThat(fieldNames(stats)).containsExactly("version", "health", "start_time", "topics", "memory",
                "producers");
        assertThat(stats.get("version").asText()).isEqualTo("1.3.0");
        assertThat(stats.get("health").asText()).isEqualTo("OK");
        assertThat(stats.get("start_time").asLong()).isEqualTo(server.nsqd.broker().startTime());
        JsonNode topics = stats.get("topics");
        assertThat(names(topics, "topic_name")).containsExactly("t1", "t2", "t3");
        assertThat(names(topics.get(0).get("channels"), "channel_name")).containsExactly("a", "b");
        assertThat(topics.get(2).get("channels").isArray()).isTrue();
        assertThat(topics.get(2).get("channels")).isEmpty();
    }

    @Test
    void aChannelWithoutClientsHasAnEmptyListAndNoProducerMeansNull() {
        JsonNode stats = server.json("/stats?format=json");

        JsonNode t1 = stats.get("topics").get(0);
        assertThat(t1.get("channels").get(0).get("clients")).hasSize(1);
        assertThat(t1.get("channels").get(0).get("client_count").asInt()).isEqualTo(1);
        assertThat(t1.get("channels").get(1).get("clients").isArray()).isTrue();
        assertThat(t1.get("channels").get(1).get("clients")).isEmpty();
        assertThat(stats.get("producers").isNull()).isTrue();
    }

    @Test
    void anUnknownTopicIsNullTopicsAndNullProducers() {
        producer().pub("t1", "x").expectOk();

        JsonNode stats = server.json("/stats?format=json&topic=nope");

        assertThat(stats.get("topics").isNull()).isTrue();
        assertThat(stats.get("producers").isNull()).isTrue();
    }

    @Test
    void anUnknownChannelOfAKnownTopicIsNoTopicButProducersStillListed() {
        producer().pub("t1", "x").expectOk();

        JsonNode stats = server.json("/stats?format=json&topic=t1&channel=nope");

        assertThat(stats.get("topics").isArray()).isTrue();
        assertThat(stats.get("topics")).isEmpty();
        assertThat(stats.get("producers")).hasSize(1);
    }

    @Test
    void aChannelFilterWithoutATopicKeepsTheTopicsHavingThatChannel() {
        JsonNode topics = server.json("/stats?format=json&channel=a").get("topics");

        assertThat(names(topics, "topic_name")).containsExactly("t1", "t2");
        assertThat(names(topics, "channel_name")).containsExactly("a", "a");
    }

    @Test
    void withoutClientsEveryClientListAndProducersAreNullButClientCountsStay() {
        producer().pub("t1", "x").expectOk();

        for (String off : List.of("false", "0")) {
            JsonNode stats = server.json("/stats?format=json&include_clients=" + off);

            assertThat(stats.get("producers").isNull()).isTrue();
            for (JsonNode channel : stats.findValues("channels").get(0)) {
                assertThat(channel.get("clients").isNull()).as(channel.toString()).isTrue();
            }
            assertThat(stats.get("topics").get(0).get("channels").get(0).get("client_count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void onlyFalseAndZeroTurnAnOptionOff() {
        for (String on : List.of("true", "1", "yes", "")) {
            JsonNode stats = server.json("/stats?format=json&include_clients=" + on + "&include_mem=" + on);

            assertThat(stats.has("memory")).as(on).isTrue();
            assertThat(stats.get("topics").get(0).get("channels").get(0).get("clients")).as(on).hasSize(1);
        }
    }

    @Test
    void withoutMemoryTheKeyIsLeftOut() {
        assertThat(fieldNames(server.json("/stats?format=json&include_mem=false")))
                .containsExactly("version", "health", "start_time", "topics", "producers");
        assertThat(fieldNames(server.json("/stats?format=json&include_mem=0"))).doesNotContain("memory");
    }

    @Test
    void memoryHasNsqsKeysWithTheJvmsNumbers() {
        JsonNode memory = server.json("/stats?format=json").get("memory");

        assertThat(fieldNames(memory)).containsExactly("heap_objects", "heap_idle_bytes", "heap_in_use_bytes",
                "heap_released_bytes", "gc_pause_usec_100", "gc_pause_usec_99", "gc_pause_usec_95", "next_gc_bytes",
                "gc_total_runs");
        memory.forEach(value -> assertThat(value.isIntegralNumber()).isTrue());
        assertThat(memory.get("heap_in_use_bytes").asLong()).isPositive();
    }

    @Test
    void aProducerShowsEveryTopicItPublishedToOrOnlyTheFilteredOne() {
        WireClient producer = producer();
        producer.pub("t1", "x").expectOk();
        producer.mpub("t1", List.of("y".getBytes(), "z".getBytes())).expectOk();
        producer.dpub("t2", 60_000, "later").expectOk();

        JsonNode all = server.json("/stats?format=json").get("producers");
        JsonNode t2 = server.json("/stats?format=json&topic=t2").get("producers");
        JsonNode t3 = server.json("/stats?format=json&topic=t3").get("producers");

        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("client_id").asText()).isEqualTo("p1");
        assertThat(all.get(0).get("pub_counts").toString())
                .isEqualTo("[{\"topic\":\"t1\",\"count\":3},{\"topic\":\"t2\",\"count\":1}]");
        assertThat(t2.get(0).get("pub_counts").toString()).isEqualTo("[{\"topic\":\"t2\",\"count\":1}]");
        // as NSQ: listed under any topic filter, without pub_counts when it did not publish there
        assertThat(t3).hasSize(1);
        assertThat(t3.get(0).has("pub_counts")).isFalse();
    }

    @Test
    void aProducerLeavesTheListWhenItDisconnects() {
        WireClient producer = producer();
        producer.pub("t1", "x").expectOk();
        assertThat(server.json("/stats?format=json").get("producers")).hasSize(1);

        producer.close();

        Await.until(StatsServer.TIMEOUT, () -> server.json("/stats?format=json").get("producers").isNull(),
                "the producer to leave /stats");
    }

    @Test
    void e2eLatencyIsCountZeroAndNullPercentilesWithoutTheFlag() {
        producer().pub("t1", "x").expectOk();
        consumer.rdy(1);
        consumer.fin(consumer.readMessage().id());

        JsonNode topic = server.json("/stats?format=json&topic=t1").get("topics").get(0);

        String none = "{\"count\":0,\"percentiles\":null}";
        assertThat(topic.get("e2e_processing_latency").toString()).isEqualTo(none);
        assertThat(topic.get("channels").get(0).get("e2e_processing_latency").toString()).isEqualTo(none);
    }

    @Test
    void textIsTheDefaultAndAnyOtherFormat() {
        producer().pub("t1", "hello").expectOk();

        for (String query : List.of("", "?format=text", "?format=JSON")) {
            HttpResponse<String> response = server.get("/stats" + query);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("X-NSQ-Content-Type")).hasValue("nsq; version=1.0");
            String text = response.body();
            assertThat(text).startsWith("nsqd v1.3.0 (built w/jnsq ").contains("\nstart_time ", "\nuptime ",
                    "\n\nHealth: OK\n\nMemory:\n   heap_objects ", "\nTopics:\n   [t1             ] depth: 0     ",
                    "\n      [a                        ] depth: 1     be-depth: 0     inflt: 0    def: 0    ",
                    "\n        [V2 consumer.local:", " test-consumer/1.0] state: 3 inflt: 0    rdy: 0    fin: 0 ",
                    "\n\n   [t3             ] depth: 0     be-depth: 0     msgs: 0        e2e%: \n",
                    "\nProducers:\n   [V2 producer.local:", " test-producer/1.0] msgs: 1        topics: t1=1 connected: ");
        }
    }

    @Test
    void textWithFiltersAndWithoutMemory() {
        String text = server.get("/stats?topic=nope&include_mem=false").body();

        assertThat(text).doesNotContain("Memory:").endsWith("\nHealth: OK\n\nTopics: None\n\nProducers: None\n");
    }

    @Test
    void aQueryGoCannotParseIsInvalidRequest() throws IOException {
        // raw requests: java.net.URI refuses to send a bad escape
        for (String query : List.of("?topic=t1;x", "?topic=%zz", "?format=json&topic=%")) {
            try (RawHttp raw = new RawHttp(server.nsqd.httpAddress())) {
                RawHttp.Response response = raw.send("GET /stats" + query + " HTTP/1.1\r\nHost: x\r\n\r\n").read();

                assertThat(response.status()).as(query).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"message\":\"INVALID_REQUEST\"}");
                assertThat(response.header("X-NSQ-Content-Type")).isEqualTo("nsq; version=1.0");
            }
        }
    }

    @Test
    void onlyGetIsRouted() {
        HttpResponse<String> response = server.send("POST", "/stats");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
    }
}
