package io.jnsq.nsqadmin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnsq.clusterinfo.ChannelStats;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.clusterinfo.NsqdStats;
import io.jnsq.clusterinfo.PartialErrors;
import io.jnsq.clusterinfo.Producer;
import io.jnsq.clusterinfo.TopicStats;
import io.jnsq.clusterinfo.UpstreamException;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import io.jnsq.common.json.Json;
import io.jnsq.nsqadmin.Nsqadmin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only JSON API the UI pages poll: topics, a topic's or channel's stats summed over its nsqd, the nodes,
 * one node's stats, and the message counter. Each answer carries NSQ's {@code message}: empty, or the warning of
 * upstreams that failed while others answered.
 */
final class StatsApi {
    private final Nsqadmin admin;
    private final ClusterInfo ci;
    private final Blocking blocking;

    StatsApi(Nsqadmin admin, Blocking blocking) {
        this.admin = admin;
        this.ci = admin.clusterInfo();
        this.blocking = blocking;
    }

    /**
     * Every topic (from nsqlookupd, or the nsqd); with {@code inactive=true}, the topics nsqlookupd knows without
     * a producer, each with its channels.
     */
    Object doTopics(Request request) throws HttpException {
        boolean inactive = "true".equals(request.query().get("inactive"));
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            List<String> lookupds = admin.lookupdHttpAddresses();
            List<String> topics = lookupds.isEmpty() ? ci.nsqdTopics(admin.nsqdHttpAddresses(), warnings.next())
                    : ci.lookupdTopics(lookupds, warnings.next());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("topics", inactive ? inactiveTopics(topics, lookupds) : topics);
            answer.put("message", warnings.message());
            return answer;
        });
    }

    /** As NSQ, failures here are ignored: a topic whose producers cannot be found counts as inactive. */
    private Map<String, List<String>> inactiveTopics(List<String> topics, List<String> lookupds) {
        Map<String, List<String>> inactive = new TreeMap<>();
        if (lookupds.isEmpty()) {
            return inactive;
        }
        for (String topic : topics) {
            List<Producer> producers;
            try {
                producers = ci.lookupdTopicProducers(topic, lookupds, new PartialErrors());
            } catch (UpstreamException e) {
                producers = List.of();
            }
            if (producers.isEmpty()) {
                List<String> channels;
                try {
                    channels = ci.lookupdTopicChannels(topic, lookupds, new PartialErrors());
                } catch (UpstreamException e) {
                    channels = null;
                }
                inactive.put(topic, channels);
            }
        }
        return inactive;
    }

    /** The topic summed over its producers; a topic without any is a 502, as in NSQ. */
    Object doTopic(Request request) {
        String topic = request.param("topic");
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            List<Producer> producers = topicProducers(topic, warnings);
            NsqdStats stats = ci.nsqdStats(producers, topic, null, false, warnings.next());
            return withMessage(TopicStats.aggregate(topic, stats.topics()), warnings);
        });
    }

    /** The channel summed over the topic's producers, with its clients. */
    Object doChannel(Request request) {
        String topic = request.param("topic");
        String channel = request.param("channel");
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            List<Producer> producers = topicProducers(topic, warnings);
            NsqdStats stats = ci.nsqdStats(producers, topic, channel, true, warnings.next());
            ChannelStats channelStats = stats.channels().get(channel);
            if (channelStats == null) {
                // NSQ dereferences nil here and answers 500 INTERNAL_ERROR
                throw new HttpException(404, "CHANNEL_NOT_FOUND");
            }
            return withMessage(channelStats, warnings);
        });
    }

    Object doNodes(Request request) {
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            List<Producer> producers = producers(warnings);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("nodes", producers);
            answer.put("message", warnings.message());
            return answer;
        });
    }

    /** One nsqd ({@code <broadcast_address>:<http_port>}): its topics with their channels and clients, and totals. */
    Object doNode(Request request) {
        String node = request.param("node");
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            Producer producer = producers(warnings).stream().filter(p -> p.httpAddress().equals(node))
                    .findFirst().orElseThrow(() -> new HttpException(404, "NODE_NOT_FOUND"));
            NsqdStats stats = ci.nsqdStats(List.of(producer), null, null, true, warnings.next());
            long totalMessages = 0;
            long totalClients = 0;
            for (TopicStats topic : stats.topics()) {
                totalMessages += topic.messageCount;
                for (ChannelStats channel : topic.channels) {
                    totalClients += channel.clients == null ? 0 : channel.clients.size();
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("node", node);
            answer.put("topics", stats.topics());
            answer.put("total_messages", totalMessages);
            answer.put("total_clients", totalClients);
            answer.put("message", warnings.message());
            return answer;
        });
    }

    /** Every channel's message count on every nsqd, keyed {@code <topic>:<channel>:<node>}. */
    Object doCounter(Request request) {
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            List<Producer> producers = producers(warnings);
            NsqdStats stats = ci.nsqdStats(producers, null, null, false, warnings.next());
            Map<String, Map<String, Object>> counters = new TreeMap<>();
            for (ChannelStats channel : stats.channels().values()) {
                for (ChannelStats node : channel.nodes) {
                    String key = channel.topicName + ":" + channel.channelName + ":" + node.node;
                    Map<String, Object> counter = counters.computeIfAbsent(key, k -> {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("node", node.node);
                        c.put("topic_name", channel.topicName);
                        c.put("channel_name", channel.channelName);
                        c.put("message_count", 0L);
                        return c;
                    });
                    counter.put("message_count", (Long) counter.get("message_count") + node.messageCount);
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("stats", counters);
            answer.put("message", warnings.message());
            return answer;
        });
    }

    private List<Producer> producers(Warnings warnings) throws UpstreamException {
        return ci.producers(admin.lookupdHttpAddresses(), admin.nsqdHttpAddresses(), warnings.next());
    }

    private List<Producer> topicProducers(String topic, Warnings warnings) throws UpstreamException {
        return ci.topicProducers(topic, admin.lookupdHttpAddresses(), admin.nsqdHttpAddresses(), warnings.next());
    }

    /** Go's {@code struct{*Stats; Message string}}: the stats' keys, then {@code message}. */
    private static ObjectNode withMessage(Object stats, Warnings warnings) {
        ObjectNode json = Json.mapper().valueToTree(stats);
        json.put("message", warnings.message());
        return json;
    }
}
