package io.jnsq.common.http;

import io.jnsq.protocol.Names;

/**
 * The {@code topic} and {@code channel} query parameters, checked as NSQ's handlers check them. nsqd's routes
 * differ on purpose: /pub and /topic/create say {@code INVALID_TOPIC}, the channel routes {@code INVALID_ARG_TOPIC}
 * (NSQ's {@code http_api.GetTopicChannelArgs}, which nsqlookupd uses too), and /topic/delete, pause and unpause do
 * not validate at all, so an invalid name is simply not found.
 */
public final class TopicChannelArgs {
    private TopicChannelArgs() {
    }

    /** The first {@code topic} value, whatever it is. */
    public static String topicName(QueryParams query) throws HttpException {
        String topicName = query.get("topic");
        if (topicName == null) {
            throw new HttpException(400, "MISSING_ARG_TOPIC");
        }
        return topicName;
    }

    /** A valid topic name, else {@code 400 INVALID_TOPIC}. */
    public static String validTopicName(QueryParams query) throws HttpException {
        String topicName = topicName(query);
        if (!Names.isValidTopicName(topicName)) {
            throw new HttpException(400, "INVALID_TOPIC");
        }
        return topicName;
    }

    /** NSQ's {@code GetTopicChannelArgs}: both names present and valid, topic first. */
    public static TopicChannel topicChannel(QueryParams query) throws HttpException {
        String topicName = topicName(query);
        if (!Names.isValidTopicName(topicName)) {
            throw new HttpException(400, "INVALID_ARG_TOPIC");
        }
        String channelName = query.get("channel");
        if (channelName == null) {
            throw new HttpException(400, "MISSING_ARG_CHANNEL");
        }
        if (!Names.isValidChannelName(channelName)) {
            throw new HttpException(400, "INVALID_ARG_CHANNEL");
        }
        return new TopicChannel(topicName, channelName);
    }

    public record TopicChannel(String topic, String channel) {
    }
}
