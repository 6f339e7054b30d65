package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A channel's stats: NSQ's {@code clusterinfo.ChannelStats}, either one nsqd's ({@code node} is its HTTP address,
 * {@code nodes} null) or summed over every nsqd ({@code node} is {@code *}, {@code nodes} lists each one's). The
 * delivery counts are nsqd's topology-aware ones: {@code delivery_msg_count} is their sum.
 */
@JsonPropertyOrder({"node", "hostname", "topic_name", "channel_name", "depth", "memory_depth", "backend_depth",
        "in_flight_count", "deferred_count", "requeue_count", "timeout_count", "message_count",
        "zone_local_msg_count", "region_local_msg_count", "global_msg_count", "delivery_msg_count", "client_count",
        "nodes", "clients", "paused", "e2e_processing_latency"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class ChannelStats {
    /** NSQ's client order: by nsqd, then by address. */
    private static final Comparator<ClientStats> CLIENTS = Comparator.comparing((ClientStats c) -> c.node)
            .thenComparing(c -> c.remoteAddress);

    @JsonProperty("node") public String node = "";
    @JsonProperty("hostname") public String hostname = "";
    @JsonProperty("topic_name") public String topicName = "";
    @JsonProperty("channel_name") public String channelName = "";
    @JsonProperty("depth") public long depth;
    @JsonProperty("memory_depth") public long memoryDepth;
    @JsonProperty("backend_depth") public long backendDepth;
    @JsonProperty("in_flight_count") public long inFlightCount;
    @JsonProperty("deferred_count") public long deferredCount;
    @JsonProperty("requeue_count") public long requeueCount;
    @JsonProperty("timeout_count") public long timeoutCount;
    @JsonProperty("message_count") public long messageCount;
    @JsonProperty("zone_local_msg_count") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public long zoneLocalMsgCount;
    @JsonProperty("region_local_msg_count") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public long regionLocalMsgCount;
    @JsonProperty("global_msg_count") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public long globalMsgCount;
    @JsonProperty("delivery_msg_count") public long deliveryMsgCount;
    @JsonProperty("client_count") public long clientCount;
    @JsonProperty("nodes") public List<ChannelStats> nodes;
    /** {@code null} when there are none, as Go writes a nil slice. */
    @JsonProperty("clients") public List<ClientStats> clients;
    @JsonProperty("paused") public boolean paused;
    @JsonProperty("e2e_processing_latency") public E2eProcessingLatencyAggregate e2eProcessingLatency =
            new E2eProcessingLatencyAggregate();

    /** One channel of nsqd's {@code /stats} on {@code producer}. */
    static ChannelStats fromNsqd(JsonNode c, String topicName, Producer producer, Instant now) {
        ChannelStats s = new ChannelStats();
        s.node = producer.httpAddress();
        s.hostname = producer.hostname;
        s.topicName = topicName;
        s.channelName = c.path("channel_name").asText();
        s.depth = c.path("depth").asLong();
        s.backendDepth = c.path("backend_depth").asLong();
        s.memoryDepth = s.depth - s.backendDepth;
        s.inFlightCount = c.path("in_flight_count").asLong();
        s.deferredCount = c.path("deferred_count").asLong();
        s.requeueCount = c.path("requeue_count").asLong();
        s.timeoutCount = c.path("timeout_count").asLong();
        s.messageCount = c.path("message_count").asLong();
        s.zoneLocalMsgCount = c.path("zone_local_msg_count").asLong();
        s.regionLocalMsgCount = c.path("region_local_msg_count").asLong();
        s.globalMsgCount = c.path("global_msg_count").asLong();
        s.deliveryMsgCount = s.zoneLocalMsgCount + s.regionLocalMsgCount + s.globalMsgCount;
        s.clientCount = c.path("client_count").asLong();
        s.paused = c.path("paused").asBoolean();
        s.e2eProcessingLatency = E2eProcessingLatencyAggregate.fromNsqd(c.path("e2e_processing_latency"));
        for (JsonNode client : c.path("clients")) {
            if (s.clients == null) {
                s.clients = new ArrayList<>();
            }
            s.clients.add(ClientStats.fromNsqd(client, s.node, now));
        }
        return s;
    }

    /** An empty aggregate of the channel, to {@link #add} each nsqd's stats to. */
    static ChannelStats aggregate(String topicName, String channelName) {
        ChannelStats s = new ChannelStats();
        s.node = "*";
        s.topicName = topicName;
        s.channelName = channelName;
        s.nodes = new ArrayList<>();
        s.e2eProcessingLatency.topic = topicName;
        s.e2eProcessingLatency.channel = channelName;
        s.e2eProcessingLatency.host = "*";
        return s;
    }

    /** Adds one nsqd's stats of the channel: numbers summed, paused if any is, its clients and itself listed. */
    void add(ChannelStats one) {
        depth += one.depth;
        memoryDepth += one.memoryDepth;
        backendDepth += one.backendDepth;
        inFlightCount += one.inFlightCount;
        deferredCount += one.deferredCount;
        requeueCount += one.requeueCount;
        timeoutCount += one.timeoutCount;
        messageCount += one.messageCount;
        zoneLocalMsgCount += one.zoneLocalMsgCount;
        regionLocalMsgCount += one.regionLocalMsgCount;
        globalMsgCount += one.globalMsgCount;
        deliveryMsgCount += one.deliveryMsgCount;
        clientCount += one.clientCount;
        paused |= one.paused;
        nodes.add(one);
        nodes.sort(TopicStats.byHost(s -> s.hostname, s -> s.node));
        e2eProcessingLatency.add(one.e2eProcessingLatency);
        if (one.clients != null) {
            if (clients == null) {
                clients = new ArrayList<>();
            }
            clients.addAll(one.clients);
            clients.sort(CLIENTS);
        }
    }
}
