package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Drain mode (beyond NSQ, its RFC nsqio/nsq #1302): new messages, topics and channels refused over TCP and HTTP,
 * what nsqd holds still delivered, and drained once nothing is left anywhere.
 */
class DrainTest extends ProtocolV2TestBase {

    DrainTest() {
        options.httpAddress = "127.0.0.1:0";
    }

    private String http() {
        return "127.0.0.1:" + nsqd().httpAddress().getPort();
    }

    @Test
    void newMessagesAreRefusedOverTcp() {
        subscribe("t", "c");
        publish("t", "held");

        nsqd().broker().drain();

        assertFatal(connect().pub("t", "late"), "E_PUB_FAILED PUB failed draining");
        assertFatal(connect().mpub("t", List.of(utf8("a"), utf8("b"))), "E_MPUB_FAILED MPUB failed draining");
        assertFatal(connect().dpub("t", 10, "late"), "E_DPUB_FAILED DPUB failed draining");
        assertFatal(connect().pub("new_topic", "late"), "E_PUB_FAILED PUB failed draining");
        assertThat(nsqd().broker().existingTopic("new_topic")).isNull();
        assertThat(channel("t", "c").depth()).isEqualTo(1);
    }

    @Test
    void newMessagesTopicsAndChannelsAreRefusedOverHttp() {
        subscribe("t", "c");

        nsqd().broker().drain();

        for (String path : new String[] {"/pub?topic=t", "/mpub?topic=t", "/pub?topic=new_topic",
                "/topic/create?topic=new_topic", "/channel/create?topic=t&channel=new_channel"}) {
            HttpResponse<String> response = TestHttp.post(http(), path, "late");
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.body()).as(path).isEqualTo("{\"message\":\"DRAINING\"}");
        }
        assertThat(nsqd().broker().existingTopic("new_topic")).isNull();
        assertThat(topic("t").existingChannel("new_channel")).isNull();
        assertThat(channel("t", "c").depth()).isZero();
    }

    @Test
    void consumersGetWhatIsLeftButNoNewTopicOrChannel() {
        subscribe("t", "c");
        publish("t", "held");

        nsqd().broker().drain();

        assertFatal(connect().sub("t", "new_channel"), "E_SUB_FAILED SUB failed draining");
        assertFatal(connect().sub("new_topic", "c"), "E_SUB_FAILED SUB failed draining");
        WireClient late = subscribe("t", "c");
        late.rdy(1);
        assertThat(late.readMessage().bodyText()).isEqualTo("held");
    }

    @Test
    void drainedOnceNothingIsLeftInMemoryOnDiskInFlightOrDeferred() {
        options.memQueueSize = 1; // the second message of c waits on disk
        WireClient consumer = subscribe("t", "c");
        publish("t", "one", "two");
        publish("no_channels", "waits in its topic");

        CompletableFuture<Void> drained = nsqd().broker().drain().toCompletableFuture();
        CompletableFuture<Void> exit = nsqd().exitRequested().toCompletableFuture();

        consumer.rdy(2);
        List<Message> messages = readMessages(consumer, 2);
        consumer.fin(messages.get(0).id());
        consumer.req(messages.get(1).id(), 500);
        // what an operator does with a topic nobody consumes: empty or delete it
        assertThat(TestHttp.post(http(), "/topic/delete?topic=no_channels", "").statusCode()).isEqualTo(200);
        Message again = consumer.readMessage();
        // deferred until now, in flight now: had either been overlooked, nsqd would have been drained already
        assertThat(again.bodyText()).isEqualTo("two");
        assertThat(drained).isNotDone();

        consumer.fin(again.id());

        Await.until(EVENTUALLY, drained::isDone, "nsqd to be drained");
        assertThat(exit).isDone();
    }

    @Test
    void aMessageOnItsWayBetweenChannelAndConsumerIsAlwaysCounted() throws Exception {
        WireClient consumer = subscribe("t", "c");
        publish("t", "bouncing");
        Channel channel = channel("t", "c");
        consumer.rdy(1);
        // back at once (queue) or after 1 ms (deferred), taken again at once: it is always somewhere
        CompletableFuture<Void> bouncing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3_000; i++) {
                consumer.req(consumer.readMessage().id(), i % 2);
            }
        });

        long counts = 0;
        while (!bouncing.isDone()) {
            assertThat(channel.undelivered()).as("after %d counts", counts).isPositive();
            counts++;
        }
        bouncing.get(0, TimeUnit.SECONDS);
        // the last REQ may still be on its way, the message counted twice meanwhile
        Await.until(EVENTUALLY, () -> channel.undelivered() == 1, "the one message counted once");
    }

    @Test
    void anEmptyNsqdIsDrainedAtOnce() {
        publish("t", "consumed by nobody, then emptied");
        assertThat(TestHttp.post(http(), "/topic/empty?topic=t", "").statusCode()).isEqualTo(200);

        CompletableFuture<Void> drained = nsqd().broker().drain().toCompletableFuture();

        Await.until(EVENTUALLY, drained::isDone, "nsqd to be drained");
    }

    @Test
    void infoAndStatsSayDrainingOnlyWhileDraining() {
        String info = TestHttp.get(http(), "/info").body();
        assertThat(info).doesNotContain("draining");
        assertThat(TestHttp.get(http(), "/stats?format=json").body()).doesNotContain("draining");
        assertThat(TestHttp.get(http(), "/config/drain").body()).isEqualTo("false");
        publish("t", "held");

        nsqd().broker().drain();

        assertThat(TestHttp.get(http(), "/info").body()).isEqualTo(info.replaceFirst("}$", ",\"draining\":true}"));
        assertThat(TestHttp.get(http(), "/stats?format=json").body())
                .contains("\"health\":\"OK\",\"draining\":true,\"start_time\"");
        assertThat(TestHttp.get(http(), "/stats").body()).contains("\nHealth: OK\nDraining: true\n");
        assertThat(TestHttp.get(http(), "/config/drain").body()).isEqualTo("true");
    }

    @Test
    void putConfigDrainDrainsAndPutConfigShutdownAsksToExit() {
        publish("t", "held");
        CompletableFuture<Void> exit = nsqd().exitRequested().toCompletableFuture();

        HttpResponse<String> drain = TestHttp.put(http(), "/config/drain", "");

        assertThat(drain.statusCode()).isEqualTo(200);
        assertThat(drain.body()).isEqualTo("true");
        assertThat(nsqd().broker().isDraining()).isTrue();
        assertThat(exit).as("the topic still holds its message").isNotDone();

        assertThat(TestHttp.put(http(), "/config/shutdown", "").statusCode()).isEqualTo(200);

        Await.until(EVENTUALLY, exit::isDone, "the exit request");
    }
}
