package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import io.jnsq.common.http.TopicChannelArgs;
import io.jnsq.nsqd.BackendException;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.DrainingException;
import io.jnsq.nsqd.Topic;

/**
 * Topic and channel administration: create, delete, empty, pause, unpause, with NSQ's checks in NSQ's order.
 * Every handler answers an empty 200. Pause and unpause persist {@code nsqd.dat} at once (the domain does), so a
 * crash cannot undo them.
 */
final class TopicChannelApi {
    private final Broker broker;

    TopicChannelApi(Broker broker) {
        this.broker = broker;
    }

    Object doCreateTopic(Request request) throws HttpException {
        return HttpApi.whenStarted(HttpApi.topic(broker, TopicChannelArgs.validTopicName(request.query())), null);
    }

    /** No name validation, as in NSQ: an invalid name is {@code 404 TOPIC_NOT_FOUND}. */
    Object doDeleteTopic(Request request) throws HttpException {
        if (!broker.deleteTopic(TopicChannelArgs.topicName(request.query()))) {
            throw new HttpException(404, "TOPIC_NOT_FOUND");
        }
        return null;
    }

    Object doEmptyTopic(Request request) throws HttpException {
        Topic topic = existingTopic(TopicChannelArgs.validTopicName(request.query()));
        try {
            topic.empty();
        } catch (BackendException e) {
            throw new HttpException(500, "INTERNAL_ERROR");
        }
        return null;
    }

    /** No name validation, as in NSQ. */
    Object doPauseTopic(Request request) throws HttpException {
        existingTopic(TopicChannelArgs.topicName(request.query())).pause();
        return null;
    }

    /** No name validation, as in NSQ. */
    Object doUnpauseTopic(Request request) throws HttpException {
        existingTopic(TopicChannelArgs.topicName(request.query())).unpause();
        return null;
    }

    /** The topic must exist; note the error texts differ from /topic/create ({@code INVALID_ARG_TOPIC}). */
    Object doCreateChannel(Request request) throws HttpException {
        TopicChannelArgs.TopicChannel args = TopicChannelArgs.topicChannel(request.query());
        Topic topic = existingTopic(args.topic());
        try {
            topic.channel(args.channel());
        } catch (DrainingException e) {
            throw HttpApi.draining();
        }
        return null;
    }

    Object doDeleteChannel(Request request) throws HttpException {
        TopicChannelArgs.TopicChannel args = TopicChannelArgs.topicChannel(request.query());
        if (!existingTopic(args.topic()).deleteChannel(args.channel())) {
            throw new HttpException(404, "CHANNEL_NOT_FOUND");
        }
        return null;
    }

    Object doEmptyChannel(Request request) throws HttpException {
        Channel channel = existingChannel(request);
        try {
            channel.empty();
        } catch (BackendException e) {
            throw new HttpException(500, "INTERNAL_ERROR");
        }
        return null;
    }

    Object doPauseChannel(Request request) throws HttpException {
        existingChannel(request).pause();
        return null;
    }

    Object doUnpauseChannel(Request request) throws HttpException {
        existingChannel(request).unpause();
        return null;
    }

    private Topic existingTopic(String topicName) throws HttpException {
        Topic topic = broker.existingTopic(topicName);
        if (topic == null) {
            throw new HttpException(404, "TOPIC_NOT_FOUND");
        }
        return topic;
    }

    /** Checks the arguments, then that the topic and the channel exist, in that order. */
    private Channel existingChannel(Request request) throws HttpException {
        TopicChannelArgs.TopicChannel args = TopicChannelArgs.topicChannel(request.query());
        Channel channel = existingTopic(args.topic()).existingChannel(args.channel());
        if (channel == null) {
            throw new HttpException(404, "CHANNEL_NOT_FOUND");
        }
        return channel;
    }
}
