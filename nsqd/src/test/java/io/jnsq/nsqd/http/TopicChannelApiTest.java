package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** /topic/* and /channel/*: every route, every error row of the reference, and NSQ's check order. */
class TopicChannelApiTest extends HttpApiTestBase {
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    private Topic topicWithChannel(String topicName, String channelName) throws Exception {
        assertEmptyOk(post("/topic/create?topic=" + topicName, ""));
        assertEmptyOk(post("/channel/create?topic=" + topicName + "&channel=" + channelName, ""));
        return nsqd.broker().existingTopic(topicName);
    }

    /** nsqd.dat as soon as it {@code matches}: it is rewritten on the sync thread, as NSQ's in a goroutine. */
    private String awaitMetadata(Predicate<String> matches, String what) {
        return Await.untilNonNull(Duration.ofSeconds(5), () -> {
            try {
                String text = Files.readString(dataPath.resolve("nsqd.dat"), StandardCharsets.UTF_8);
                return matches.test(text) ? text : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "nsqd.dat " + what);
    }

    /**
     * Makes emptying the queue's disk files fail as go-diskqueue's can: a non-empty directory where its first data
     * file goes cannot be removed, even by root.
     */
    private void blockDataFile(String queueName) throws Exception {
        Path blocker = dataPath.resolve(queueName + ".diskqueue.000000.dat");
        Files.createDirectories(blocker.resolve("inside"));
    }

    /** The errors every channel route shares, checked in NSQ's order: names first, then existence. */
    private void assertChannelArgumentErrors(String route) throws Exception {
        assertError(post(route + "?channel=c", ""), 400, "MISSING_ARG_TOPIC");
        assertError(post(route + "?topic=bad!&channel=c", ""), 400, "INVALID_ARG_TOPIC");
        assertError(post(route + "?topic=t", ""), 400, "MISSING_ARG_CHANNEL");
        assertError(post(route + "?topic=t&channel=bad!", ""), 400, "INVALID_ARG_CHANNEL");
        assertError(post(route + "?topic=nope&channel=bad!", ""), 400, "INVALID_ARG_CHANNEL");
        assertError(post(route + "?topic=nope&channel=c", ""), 404, "TOPIC_NOT_FOUND");
        assertError(post(route + "?topic=t&channel=c&x=a;b", ""), 400, "INVALID_REQUEST");
    }

    // ---- topics ----

    @Test
    void topicCreate() throws Exception {
        assertEmptyOk(post("/topic/create?topic=t1", ""));
        assertEmptyOk(post("/topic/create?topic=t1", "ignored body"));
        assertEmptyOk(post("/topic/create?topic=e%23ephemeral", ""));
        assertThat(nsqd.broker().topics()).extracting(Topic::name).containsExactly("e#ephemeral", "t1");
        assertError(post("/topic/create", ""), 400, "MISSING_ARG_TOPIC");
        assertError(post("/topic/create?topic=bad!", ""), 400, "INVALID_TOPIC");
        assertError(post("/topic/create?topic=t;", ""), 400, "INVALID_REQUEST");
    }

    @Test
    void topicDeleteRemovesTheTopicItsChannelsAndTheirConsumers() throws Exception {
        topicWithChannel("t", "c");
        assertOk(post("/pub?topic=t", "m"));
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress())) {
            consumer.sub("t", "c").expectOk();
            assertEmptyOk(post("/topic/delete?topic=t", ""));
            consumer.assertClosed(CLOSE_WITHIN);
        }
        assertThat(nsqd.broker().existingTopic("t")).isNull();
        awaitMetadata(m -> !m.contains("\"t\""), "without t");
        assertError(post("/topic/delete?topic=t", ""), 404, "TOPIC_NOT_FOUND");
    }

    @Test
    void topicDeleteErrors() throws Exception {
        assertError(post("/topic/delete", ""), 400, "MISSING_ARG_TOPIC");
        assertError(post("/topic/delete?topic=nope", ""), 404, "TOPIC_NOT_FOUND");
        // no name validation in NSQ: an invalid name is simply not found
        assertError(post("/topic/delete?topic=bad!", ""), 404, "TOPIC_NOT_FOUND");
        assertError(post("/topic/delete?topic=t;", ""), 400, "INVALID_REQUEST");
    }

    @Test
    void topicEmptyDropsWhatWaitsInTheTopic() throws Exception {
        assertOk(post("/mpub?topic=t", "a\nb\nc"));
        Topic topic = nsqd.broker().existingTopic("t");
        assertThat(topic.depth()).isEqualTo(3);
        assertEmptyOk(post("/topic/empty?topic=t", ""));
        assertThat(topic.depth()).isZero();
        assertThat(nsqd.broker().existingTopic("t")).isSameAs(topic);
    }

    @Test
    void topicEmptyErrors() throws Exception {
        assertError(post("/topic/empty", ""), 400, "MISSING_ARG_TOPIC");
        // unlike delete and pause, empty validates the name
        assertError(post("/topic/empty?topic=bad!", ""), 400, "INVALID_TOPIC");
        assertError(post("/topic/empty?topic=nope", ""), 404, "TOPIC_NOT_FOUND");
        assertError(post("/topic/empty?topic=t;", ""), 400, "INVALID_REQUEST");
    }

    @Test
    void topicEmptyThatCannotRemoveADataFileIs500() throws Exception {
        blockDataFile("t");
        assertOk(post("/pub?topic=t", "m"));
        assertError(post("/topic/empty?topic=t", ""), 500, "INTERNAL_ERROR");
        assertThat(nsqd.broker().existingTopic("t").depth()).isZero();
    }

    @Test
    void topicPauseAndUnpausePersistAtOnce() throws Exception {
        topicWithChannel("t", "c");
        assertEmptyOk(post("/topic/pause?topic=t", ""));
        assertThat(nsqd.broker().existingTopic("t").isPaused()).isTrue();
        awaitMetadata(m -> m.contains("{\"name\":\"t\",\"paused\":true"), "with t paused");
        assertOk(post("/pub?topic=t", "held"));
        assertThat(nsqd.broker().existingTopic("t").depth()).isEqualTo(1);

        assertEmptyOk(post("/topic/unpause?topic=t", ""));
        assertThat(nsqd.broker().existingTopic("t").isPaused()).isFalse();
        awaitMetadata(m -> m.contains("{\"name\":\"t\",\"paused\":false"), "with t unpaused");
    }

    @Test
    void topicPauseAndUnpauseErrors() throws Exception {
        for (String route : new String[] {"/topic/pause", "/topic/unpause"}) {
            assertError(post(route, ""), 400, "MISSING_ARG_TOPIC");
            assertError(post(route + "?topic=nope", ""), 404, "TOPIC_NOT_FOUND");
            assertError(post(route + "?topic=bad!", ""), 404, "TOPIC_NOT_FOUND");
            assertError(post(route + "?topic=t;", ""), 400, "INVALID_REQUEST");
        }
    }

    // ---- channels ----

    @Test
    void channelCreate() throws Exception {
        assertError(post("/channel/create?topic=t&channel=c", ""), 404, "TOPIC_NOT_FOUND");
        post("/topic/create?topic=t", "");
        assertEmptyOk(post("/channel/create?topic=t&channel=c", ""));
        assertThat(nsqd.broker().existingTopic("t").existingChannel("c")).isNotNull();
        assertChannelArgumentErrors("/channel/create");
    }

    @Test
    void channelDeleteRemovesTheChannelAndClosesItsConsumers() throws Exception {
        Topic topic = topicWithChannel("t", "c");
        assertEmptyOk(post("/channel/create?topic=t&channel=other", ""));
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress());
             WireClient otherConsumer = WireClient.connect(nsqd.tcpAddress())) {
            consumer.sub("t", "c").expectOk();
            otherConsumer.sub("t", "other").expectOk();
            assertEmptyOk(post("/channel/delete?topic=t&channel=c", ""));
            consumer.assertClosed(CLOSE_WITHIN);
            // the other channel's consumer is still served
            otherConsumer.rdy(1);
            assertOk(post("/pub?topic=t", "after"));
            assertThat(otherConsumer.readMessage().bodyText()).isEqualTo("after");
        }
        assertThat(topic.existingChannel("c")).isNull();
        awaitMetadata(m -> !m.contains("\"c\"") && m.contains("\"other\""), "without c, with other");
        assertError(post("/channel/delete?topic=t&channel=c", ""), 404, "CHANNEL_NOT_FOUND");
    }

    @Test
    void channelDeleteErrors() throws Exception {
        topicWithChannel("t", "c");
        assertChannelArgumentErrors("/channel/delete");
        assertError(post("/channel/delete?topic=t&channel=nope", ""), 404, "CHANNEL_NOT_FOUND");
        assertThat(nsqd.broker().existingTopic("t").existingChannel("c")).isNotNull();
    }

    @Test
    void channelEmptyDropsItsMessagesOnly() throws Exception {
        Topic topic = topicWithChannel("t", "c");
        assertEmptyOk(post("/channel/create?topic=t&channel=other", ""));
        assertOk(post("/mpub?topic=t", "a\nb"));
        assertOk(post("/pub?topic=t&defer=60000", "later"));
        Channel channel = topic.existingChannel("c");
        Await.until(TIMEOUT, () -> channel.depth() == 2 && channel.deferredCount() == 1,
                "the messages to reach the channel");

        assertEmptyOk(post("/channel/empty?topic=t&channel=c", ""));

        assertThat(channel.depth()).isZero();
        assertThat(channel.deferredCount()).isZero();
        assertThat(topic.existingChannel("other").depth()).isEqualTo(2);
    }

    @Test
    void channelEmptyErrors() throws Exception {
        topicWithChannel("t", "c");
        assertChannelArgumentErrors("/channel/empty");
        assertError(post("/channel/empty?topic=t&channel=nope", ""), 404, "CHANNEL_NOT_FOUND");
    }

    @Test
    void channelEmptyThatCannotRemoveADataFileIs500() throws Exception {
        blockDataFile("t:c");
        Topic topic = topicWithChannel("t", "c");
        assertOk(post("/pub?topic=t", "m"));
        assertError(post("/channel/empty?topic=t&channel=c", ""), 500, "INTERNAL_ERROR");
        assertThat(topic.existingChannel("c").depth()).isZero();
    }

    @Test
    void channelPauseAndUnpausePersistAtOnce() throws Exception {
        Topic topic = topicWithChannel("t", "c");
        assertEmptyOk(post("/channel/pause?topic=t&channel=c", ""));
        assertThat(topic.existingChannel("c").isPaused()).isTrue();
        awaitMetadata(m -> m.contains("{\"name\":\"c\",\"paused\":true}"), "with c paused");

        assertEmptyOk(post("/channel/unpause?topic=t&channel=c", ""));
        assertThat(topic.existingChannel("c").isPaused()).isFalse();
        awaitMetadata(m -> m.contains("{\"name\":\"c\",\"paused\":false}"), "with c unpaused");
    }

    @Test
    void channelPauseAndUnpauseErrors() throws Exception {
        topicWithChannel("t", "c");
        for (String route : new String[] {"/channel/pause", "/channel/unpause"}) {
            assertChannelArgumentErrors(route);
            assertError(post(route + "?topic=t&channel=nope", ""), 404, "CHANNEL_NOT_FOUND");
        }
    }
}
