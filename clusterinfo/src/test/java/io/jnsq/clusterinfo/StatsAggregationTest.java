package io.jnsq.clusterinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How nsqd's /stats become clusterinfo's stats, and how they add up over nodes, as NSQ sums them. */
class StatsAggregationTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_000_100, 700_000_000);

    private static Producer producer(String hostname, int httpPort) {
        Producer p = new Producer();
        p.hostname = hostname;
        p.broadcastAddress = "10.0.0.1";
        p.httpPort = httpPort;
        return p;
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static JsonNode topic(long depth, long backend, long messages, boolean paused, double p99)
            throws Exception {
        return json("""
                {"topic_name":"t","depth":%d,"backend_depth":%d,"message_count":%d,"paused":%b,
                 "e2e_processing_latency":{"count":2,"percentiles":[{"quantile":0.99,"value":%s}]},
                 "channels":[{"channel_name":"c","depth":%d,"backend_depth":%d,"in_flight_count":1,
                   "message_count":%d,"client_count":1,"global_msg_count":3,"zone_local_msg_count":1,
                   "e2e_processing_latency":{"count":0,"percentiles":null},
                   "clients":[{"remote_address":"10.0.0.9:5000","version":"V2","client_id":"w",
                     "hostname":"w.example","connect_ts":1000000,"ready_count":5}]}]}
                """.formatted(depth, backend, messages, paused, p99, depth, backend, messages));
    }

    @Test
    void oneNodesTopicKeepsNsqdsNumbersAndWorksOutTheMemoryDepth() throws Exception {
        TopicStats one = TopicStats.fromNsqd(topic(10, 4, 7, false, 100), producer("a", 4151), NOW);

        assertThat(one.node).isEqualTo("10.0.0.1:4151");
        assertThat(one.hostname).isEqualTo("a");
        assertThat(one.memoryDepth).isEqualTo(6);
        assertThat(one.nodes).isNull();
        ChannelStats channel = one.channels.get(0);
        assertThat(channel.deliveryMsgCount).isEqualTo(4);
        assertThat(channel.clients).hasSize(1);
        ClientStats client = channel.clients.get(0);
        assertThat(client.node).isEqualTo("10.0.0.1:4151");
        assertThat(client.connected).as("from the current second, in ns").isEqualTo(100_000_000_000L);
        assertThat(one.e2eProcessingLatency.percentiles).containsExactly(
                Map.of("quantile", 0.99, "max", 100L, "min", 100L, "average", 100L, "count", 2L));
    }

    @Test
    void nodesAddUpPausedIfAnyAndSortedByHost() throws Exception {
        TopicStats b = TopicStats.fromNsqd(topic(10, 4, 7, true, 300), producer("b", 4152), NOW);
        TopicStats a = TopicStats.fromNsqd(topic(1, 0, 3, false, 100), producer("a", 4151), NOW);

        TopicStats all = TopicStats.aggregate("t", List.of(b, a));

        assertThat(all.node).isEqualTo("*");
        assertThat(all.depth).isEqualTo(11);
        assertThat(all.memoryDepth).isEqualTo(7);
        assertThat(all.messageCount).isEqualTo(10);
        assertThat(all.paused).isTrue();
        assertThat(all.nodes).extracting(n -> n.hostname).containsExactly("a", "b");
        assertThat(all.channels).hasSize(1);
        ChannelStats channel = all.channels.get(0);
        assertThat(channel.node).isEqualTo("*");
        assertThat(channel.messageCount).isEqualTo(10);
        assertThat(channel.clientCount).isEqualTo(2);
        assertThat(channel.nodes).hasSize(2);
        assertThat(channel.clients).hasSize(2);
        assertThat(all.e2eProcessingLatency.count).isEqualTo(4);
        assertThat(all.e2eProcessingLatency.percentiles).containsExactly(
                Map.of("quantile", 0.99, "max", 300L, "min", 100L, "average", 200L, "count", 4L));
    }

    @Test
    void versionsCompareAsSemverAndOlderNodesAreOutOfDate() {
        assertThat(Producer.compareVersions("1.3.0", "1.2.1")).isPositive();
        assertThat(Producer.compareVersions("0.3.8", "1.0.0-compat")).isNegative();
        assertThat(Producer.compareVersions("garbage", "0.0.0")).isZero();
        assertThat(Producer.compareVersions("1.10.0", "1.9.9")).isPositive();
    }

    @Test
    void partialErrorsJoinByLinesAndAreThrownByToolsThatWantAll() {
        PartialErrors errors = new PartialErrors();
        errors.add("one");
        errors.add("two");

        assertThat(errors).hasToString("one\ntwo");
        org.assertj.core.api.Assertions.assertThatThrownBy(errors::throwIfAny).hasMessage("one\ntwo");
    }
}
