package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Topics and channels as a consumer sees them (nsqd.md §4, §5.4, §5.5): messages waiting for a first channel,
 * pause, empty, delete, the consumer limit and sample_rate.
 */
class TopicChannelTest extends ProtocolV2TestBase {

    @Test
    void messagesWaitInATopicWithoutChannelsAndGoToTheFirstChannel() {
        List<String> published = publishNumbered("t", "m", 12);
        Topic topic = topic("t");
        assertThat(topic.depth()).isEqualTo(12);

        WireClient client = subscribe("t", "c");
        client.rdy(20);

        assertThat(bodies(readMessages(client, 12))).isEqualTo(published);
        assertThat(topic.depth()).isZero();
    }

    @Test
    void aNewChannelOnlyGetsMessagesPublishedAfterIt() {
        subscribe("t", "early");
        publish("t", "before");
        WireClient late = subscribe("t", "late");

        publish("t", "after");
        late.rdy(10);

        assertThat(late.readMessage().bodyText()).isEqualTo("after");
        late.assertNoFrame(QUIET);
        assertThat(channel("t", "early").depth()).isEqualTo(2);
    }

    @Test
    void aPausedTopicKeepsMessagesUntilUnpaused() {
        WireClient client = subscribe("t", "c");
        client.rdy(10);
        Topic topic = topic("t");

        topic.pause();
        publish("t", "a", "b");

        client.assertNoFrame(QUIET);
        assertThat(topic.depth()).isEqualTo(2);
        assertThat(channel("t", "c").depth()).isZero();
        topic.unpause();
        assertThat(bodies(readMessages(client, 2))).containsExactly("a", "b");
    }

    @Test
    void aPausedChannelKeepsMessagesWhileOtherChannelsDeliver() {
        WireClient paused = subscribe("t", "paused");
        WireClient running = subscribe("t", "running");
        paused.rdy(10);
        running.rdy(10);
        Channel channel = channel("t", "paused");

        channel.pause();
        publish("t", "a", "b");

        assertThat(bodies(readMessages(running, 2))).containsExactly("a", "b");
        paused.assertNoFrame(QUIET);
        assertThat(channel.depth()).isEqualTo(2);
        channel.unpause();
        assertThat(bodies(readMessages(paused, 2))).containsExactly("a", "b");
    }

    @Test
    void pausingAChannelLeavesInFlightMessagesFinishable() {
        WireClient client = subscribe("t", "c");
        client.rdy(10);
        publish("t", "a");
        Message a = client.readMessage();
        Channel channel = channel("t", "c");

        channel.pause();
        client.fin(a.id());
        publish("t", "b");

        client.assertNoFrame(QUIET);
        assertThat(channel.inFlightCount()).isZero();
        assertThat(channel.depth()).isEqualTo(1);
    }

    @Test
    void emptyingAChannelDropsQueuedDeferredAndInFlightMessages() throws Exception {
        WireClient client = subscribe("t", "c");
        publishNumbered("t", "m", 8);
        client.rdy(3);
        List<Message> inFlight = readMessages(client, 3);
        client.req(inFlight.get(0).id(), 60_000);
        assertThat(client.readMessage().bodyText()).isEqualTo("m3");
        Channel channel = channel("t", "c");
        Await.until(EVENTUALLY, () -> channel.deferredCount() == 1 && channel.inFlightCount() == 3,
                "one deferred and three in flight");
        assertThat(channel.depth()).isEqualTo(4);

        channel.empty();

        Await.until(EVENTUALLY, () -> channel.inFlightCount() == 0, "in-flight messages to be dropped");
        assertThat(channel.depth()).isZero();
        assertThat(channel.deferredCount()).isZero();
        client.fin(inFlight.get(1).id());
        assertNonFatal(client, "E_FIN_FAILED FIN " + inFlight.get(1).id() + " failed ID not in flight");
        // the consumer stays and its RDY counts from zero in flight again
        publish("t", "x", "y", "z");
        assertThat(bodies(readMessages(client, 3))).containsExactly("x", "y", "z");
    }

    @Test
    void emptyingATopicDropsOnlyWhatWaitsInTheTopic() throws Exception {
        publish("t", "dropped");
        Topic topic = topic("t");

        topic.empty();
        WireClient client = subscribe("t", "c");
        client.rdy(10);
        publish("t", "kept");

        assertThat(client.readMessage().bodyText()).isEqualTo("kept");
        client.assertNoFrame(QUIET);
    }

    @Test
    void deletingAChannelClosesItsConsumersOnly() {
        WireClient deleted = subscribe("t", "c");
        WireClient other = subscribe("t", "other");
        publish("t", "m");

        channel("t", "c").delete();

        deleted.assertClosed(CLOSE_WITHIN);
        assertThat(topic("t").existingChannel("c")).isNull();
        other.rdy(1);
        assertThat(other.readMessage().bodyText()).isEqualTo("m");
        // subscribing again starts a fresh, empty channel
        WireClient again = subscribe("t", "c");
        again.rdy(1);
        again.assertNoFrame(QUIET);
    }

    @Test
    void deletingATopicClosesEveryConsumer() {
        WireClient c1 = subscribe("t", "c1");
        WireClient c2 = subscribe("t", "c2");

        assertThat(nsqd().broker().deleteTopic("t")).isTrue();

        c1.assertClosed(CLOSE_WITHIN);
        c2.assertClosed(CLOSE_WITHIN);
        assertThat(nsqd().broker().existingTopic("t")).isNull();
    }

    @Test
    void maxChannelConsumersLimitsSubscriptionsPerChannel() {
        options.maxChannelConsumers = 2;
        WireClient first = subscribe("t", "c");
        subscribe("t", "c");
        subscribe("t", "other");

        WireClient third = connect().sub("t", "c");
        assertFatal(third, "E_SUB_FAILED SUB failed consumers for t:c exceeds limit of 2");

        first.close();
        Await.until(EVENTUALLY, () -> channel("t", "c").clients().size() == 1, "the first consumer to leave");
        subscribe("t", "c");
    }

    @Test
    void sampleRateDeliversARandomShareAndDiscardsTheRest() {
        WireClient client = subscribe("t", "c", "{\"sample_rate\":10}");
        Channel channel = channel("t", "c");
        client.rdy(2500);

        publishNumbered("t", "m", 1000);
        Await.until(EVENTUALLY, () -> channel.depth() == 0, "the channel to be drained");
        int delivered = countMessagesUntilQuiet(client);

        // a message is kept when a random int in [0,100) is <= 10: 11% of 1000, give or take 6 standard deviations
        assertThat(delivered).isBetween(50, 170);
        assertThat(channel.inFlightCount()).isEqualTo(delivered);
        assertThat(channel.depth()).isZero();
        assertThat(channel.requeueCount() + channel.timeoutCount()).isZero();
    }

    /** Reads messages until none arrives for {@link #QUIET}. */
    private static int countMessagesUntilQuiet(WireClient client) {
        Duration timeout = client.timeout();
        client.timeout(QUIET);
        int count = 0;
        try {
            while (true) {
                client.readMessage();
                count++;
            }
        } catch (AssertionError e) {
            if (!e.getMessage().startsWith("timed out")) {
                throw e;
            }
        } finally {
            client.timeout(timeout);
        }
        return count;
    }

    @Test
    void dpubGoesToTheDeferredQueueOfEveryChannel() {
        subscribe("t", "c1");
        subscribe("t", "c2");

        producer().dpub("t", 60_000, "later").expectOk();

        for (String name : List.of("c1", "c2")) {
            Channel channel = channel("t", name);
            assertThat(channel.messageCount()).isEqualTo(1);
            assertThat(channel.deferredCount()).isEqualTo(1);
            assertThat(channel.depth()).isZero();
        }
    }
}
