package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A topic's stats: NSQ's {@code clusterinfo.TopicStats}, either one nsqd's ({@code node} is its HTTP address) or
 * summed over every nsqd ({@code node} is {@code *}; {@code nodes} lists each one's, {@code channels} the channels
 * summed over the nodes). nsqd counts no deliveries per topic, so {@code delivery_msg_count} stays 0, as in NSQ.
 */
@JsonPropertyOrder({"node", "hostname", "topic_name", "depth", "memory_depth", "backend_depth", "message_count",
        "delivery_msg_count", "nodes", "channels", "paused", "e2e_processing_latency"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class TopicStats {
    @JsonProperty("node") public String node = "";
    @JsonProperty("hostname") public String hostname = "";
    @JsonProperty("topic_name") public String topicName = "";
    @JsonProperty("depth") public long depth;
    @JsonProperty("memory_depth") public long memoryDepth;
    @JsonProperty("backend_depth") public long backendDepth;
    @JsonProperty("message_count") public long messageCount;
    @JsonProperty("delivery_msg_count") public long deliveryMsgCount;
    @JsonProperty("nodes") public List<TopicStats> nodes;
    @JsonProperty("channels") public List<ChannelStats> channels = new ArrayList<>();
    @JsonProperty("paused") public boolean paused;
    @JsonProperty("e2e_processing_latency") public E2eProcessingLatencyAggregate e2eProcessingLatency =
            new E2eProcessingLatencyAggregate();

    /** NSQ's order of nodes: by hostname, then (ours, for a stable order) by address. */
    static <T> Comparator<T> byHost(Function<T, String> hostname, Function<T, String> node) {
        return Comparator.comparing(hostname).thenComparing(node);
    }

    /** One topic of nsqd's {@code /stats} on {@code producer}, with its channels (and their clients, if asked). */
    static TopicStats fromNsqd(JsonNode t, Producer producer, Instant now) {
        TopicStats s = new TopicStats();
        s.node = producer.httpAddress();
        s.hostname = producer.hostname;
        s.topicName = t.path("topic_name").asText();
        s.depth = t.path("depth").asLong();
        s.backendDepth = t.path("backend_depth").asLong();
        s.memoryDepth = s.depth - s.backendDepth;
        s.messageCount = t.path("message_count").asLong();
        s.paused = t.path("paused").asBoolean();
        s.e2eProcessingLatency = E2eProcessingLatencyAggregate.fromNsqd(t.path("e2e_processing_latency"));
        for (JsonNode c : t.path("channels")) {
            s.channels.add(ChannelStats.fromNsqd(c, s.topicName, producer, now));
        }
        return s;
    }

    /** The topic summed over the nodes that produce it, each node's stats kept in {@code nodes}. */
    public static TopicStats aggregate(String topicName, List<TopicStats> perNode) {
        TopicStats all = new TopicStats();
        all.node = "*";
        all.topicName = topicName;
        all.nodes = new ArrayList<>(perNode);
        all.nodes.sort(byHost(s -> s.hostname, s -> s.node));
        all.e2eProcessingLatency.topic = topicName;
        all.e2eProcessingLatency.host = "*";
        Map<String, ChannelStats> channels = new LinkedHashMap<>();
        for (TopicStats one : all.nodes) {
            all.depth += one.depth;
            all.memoryDepth += one.memoryDepth;
            all.backendDepth += one.backendDepth;
            all.messageCount += one.messageCount;
            all.deliveryMsgCount += one.deliveryMsgCount;
            all.paused |= one.paused;
            all.e2eProcessingLatency.add(one.e2eProcessingLatency);
            for (ChannelStats channel : one.channels) {
                channels.computeIfAbsent(channel.channelName, name -> ChannelStats.aggregate(topicName, name))
                        .add(channel);
            }
        }
        all.channels = new ArrayList<>(channels.values());
        return all;
    }
}
