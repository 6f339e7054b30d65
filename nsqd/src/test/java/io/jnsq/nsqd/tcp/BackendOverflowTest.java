package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.WireClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Beyond --mem-queue-size messages go to the backend, and every one of them comes back exactly once. */
class BackendOverflowTest extends ProtocolV2TestBase {

    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 3})
    void aTopicWithoutChannelsKeepsItsOverflowUntilAChannelTakesIt(long memQueueSize) {
        options.memQueueSize = memQueueSize;
        List<String> published = publishNumbered("t", "m", 50);
        assertThat(topic("t").depth()).isEqualTo(50);
        assertThat(topic("t").backendDepth()).isEqualTo(50 - memQueueSize);

        WireClient consumer = subscribe("t", "c");
        consumer.rdy(100);
        List<Message> received = readMessages(consumer, 50);

        assertThat(bodies(received)).containsExactlyInAnyOrderElementsOf(published);
        assertThat(received).extracting(Message::attempts).containsOnly(1);
        consumer.assertNoFrame(QUIET);
        assertThat(topic("t").depth()).isZero();
    }

    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 3})
    void aChannelWithoutConsumersKeepsItsOverflowForTheNextOne(long memQueueSize) {
        options.memQueueSize = memQueueSize;
        subscribe("t", "c").close();
        List<String> published = publishNumbered("t", "m", 50);
        assertThat(channel("t", "c").depth()).isEqualTo(50);
        assertThat(channel("t", "c").backendDepth()).isEqualTo(50 - memQueueSize);

        WireClient consumer = subscribe("t", "c");
        consumer.rdy(100);
        List<Message> received = readMessages(consumer, 50);

        assertThat(bodies(received)).containsExactlyInAnyOrderElementsOf(published);
        consumer.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isZero();
    }
}
