package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Topic;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code #ephemeral} topics and channels (nsqd.md §6.5): memory only, overflow dropped, deleted when their last
 * consumer (channel) or last channel (topic) goes.
 */
class EphemeralTest extends ProtocolV2TestBase {

    @Test
    void anEphemeralChannelIsDeletedWhenItsLastConsumerLeaves() {
        WireClient first = subscribe("t", "c#ephemeral");
        WireClient second = subscribe("t", "c#ephemeral");
        Topic topic = topic("t");

        first.close();
        Await.until(EVENTUALLY, () -> channel("t", "c#ephemeral").clients().size() == 1, "one consumer to remain");
        assertThat(topic.existingChannel("c#ephemeral")).isNotNull();
        second.close();

        Await.until(EVENTUALLY, () -> topic.existingChannel("c#ephemeral") == null, "the channel to be deleted");
        assertThat(nsqd().broker().existingTopic("t")).isSameAs(topic);
    }

    @Test
    void aNormalChannelStaysWhenItsLastConsumerLeaves() {
        WireClient client = subscribe("t", "c");
        client.close();

        Await.until(EVENTUALLY, () -> channel("t", "c").clients().isEmpty(), "the consumer to leave");
        publish("t", "kept");
        assertThat(channel("t", "c").depth()).isEqualTo(1);
    }

    @Test
    void anEphemeralTopicIsDeletedWithItsLastChannel() {
        WireClient client = subscribe("t#ephemeral", "c#ephemeral");
        topic("t#ephemeral");

        client.close();

        Await.until(EVENTUALLY, () -> nsqd().broker().existingTopic("t#ephemeral") == null, "the topic to be deleted");
    }

    @Test
    void anEphemeralTopicOutlivesAllButItsLastChannel() {
        subscribe("t#ephemeral", "c1");
        subscribe("t#ephemeral", "c2");
        Topic topic = topic("t#ephemeral");

        channel("t#ephemeral", "c1").delete();
        assertThat(nsqd().broker().existingTopic("t#ephemeral")).isSameAs(topic);
        channel("t#ephemeral", "c2").delete();

        Await.until(EVENTUALLY, () -> nsqd().broker().existingTopic("t#ephemeral") == null, "the topic to be deleted");
    }

    @Test
    void anEphemeralTopicThatNeverHadAChannelStays() {
        WireClient producer = producer();
        producer.pub("t#ephemeral", "m").expectOk();

        producer.assertNoFrame(QUIET);

        assertThat(nsqd().broker().existingTopic("t#ephemeral")).isNotNull();
    }

    @Test
    void anEphemeralChannelDropsWhatDoesNotFitItsMemoryQueue() {
        options.memQueueSize = 5;
        WireClient ephemeral = subscribe("t", "c#ephemeral");
        subscribe("t", "durable");

        List<String> published = publishNumbered("t", "m", 10);

        assertThat(channel("t", "c#ephemeral").depth()).isEqualTo(5);
        assertThat(channel("t", "durable").depth()).isEqualTo(10);
        ephemeral.rdy(10);
        assertThat(bodies(readMessages(ephemeral, 5))).isEqualTo(published.subList(0, 5));
        ephemeral.assertNoFrame(QUIET);
    }

    @Test
    void anEphemeralTopicDropsWhatDoesNotFitItsMemoryQueue() {
        options.memQueueSize = 5;
        List<String> published = publishNumbered("t#ephemeral", "m", 10);
        assertThat(topic("t#ephemeral").depth()).isEqualTo(5);

        WireClient client = subscribe("t#ephemeral", "c");
        client.rdy(10);

        assertThat(bodies(readMessages(client, 5))).isEqualTo(published.subList(0, 5));
        client.assertNoFrame(QUIET);
    }

    @Test
    void withoutAMemoryQueueAnEphemeralChannelHandsMessagesToAWaitingConsumer() {
        // --mem-queue-size 0 makes NSQ's channel queue an unbuffered Go channel: a put succeeds only when a
        // consumer's pump is waiting on it, otherwise the message goes to the (discarding) backend.
        options.memQueueSize = 0;
        WireClient client = subscribe("t", "c#ephemeral");
        client.rdy(1);
        roundTrip(client);

        publish("t", "handed over");
        Message m = client.readMessage();
        publish("t", "nobody waiting");
        client.fin(m.id());

        assertThat(m.bodyText()).isEqualTo("handed over");
        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c#ephemeral").depth()).isZero();
    }

    @Test
    void aRequeuedMessageBeyondTheMemoryQueueOfAnEphemeralChannelIsDropped() {
        options.memQueueSize = 1;
        WireClient client = subscribe("t", "c#ephemeral");
        client.rdy(1);
        publish("t", "in flight");
        String id = client.readMessage().id();
        publish("t", "queued");

        client.req(id, 0);

        assertThat(client.readMessage().bodyText()).isEqualTo("queued");
        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c#ephemeral").depth()).isZero();
    }
}
