package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.Drainer;
import io.jnsq.testwire.WireClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * RDY and delivery (nsqd.md §2.10, §5.6): in-flight never exceeds RDY, every channel gets every message,
 * competing consumers share a channel, and a consumer that stops reading holds up nobody.
 */
class DeliveryTest extends ProtocolV2TestBase {

    @Test
    void inFlightNeverExceedsRdy() {
        WireClient client = subscribe("t", "c");
        publishNumbered("t", "m", 10);
        client.rdy(2);

        List<Message> inFlight = new ArrayList<>(readMessages(client, 2));
        int delivered = 2;
        while (delivered < 10) {
            client.assertNoFrame(QUIET);
            assertThat(channel("t", "c").inFlightCount()).isEqualTo(2);
            client.fin(inFlight.remove(0).id());
            inFlight.add(client.readMessage());
            delivered++;
        }

        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isZero();
    }

    @Test
    void rdyZeroStopsDelivery() {
        WireClient client = subscribe("t", "c");
        client.rdy(5);
        publish("t", "a");
        Message a = client.readMessage();

        client.rdy(0);
        client.fin(a.id());
        roundTrip(client);
        publish("t", "b", "c");

        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isEqualTo(2);
        client.rdy(2);
        assertThat(bodies(readMessages(client, 2))).containsExactly("b", "c");
    }

    @Test
    void loweringRdyBelowInFlightWaitsForFinishesBelowTheNewCount() {
        WireClient client = subscribe("t", "c");
        publishNumbered("t", "m", 10);
        client.rdy(5);
        List<Message> inFlight = readMessages(client, 5);

        client.rdy(2);
        for (int i = 0; i < 3; i++) {
            client.fin(inFlight.get(i).id());
        }

        client.assertNoFrame(QUIET);
        client.fin(inFlight.get(3).id());
        assertThat(client.readMessage().bodyText()).isEqualTo("m5");
        client.assertNoFrame(QUIET);
    }

    @Test
    void rdyIsBoundedByMaxRdyCount() {
        options.maxRdyCount = 5;
        WireClient client = subscribe("t", "c");
        publishNumbered("t", "m", 10);

        client.rdy(5);
        readMessages(client, 5);
        client.assertNoFrame(QUIET);
        client.rdy(6);

        assertFatal(client, "E_INVALID RDY count 6 out of range 0-5");
    }

    @Test
    void messagesCarryUniqueHexIdsAttemptsOneAndThePublishTime() {
        WireClient client = subscribe("t", "c");
        long before = System.currentTimeMillis() * 1_000_000;
        List<String> published = publishNumbered("t", "m", 1000);
        publish("t", "last");
        long after = System.currentTimeMillis() * 1_000_000 + 1_000_000;

        client.rdy(2500);
        List<Message> messages = readMessages(client, 1001);

        Set<String> ids = new HashSet<>();
        for (Message m : messages) {
            assertThat(m.id()).matches("[0-9a-f]{16}");
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.timestampNanos()).isBetween(before, after);
            ids.add(m.id());
        }
        assertThat(ids).hasSize(1001);
        assertThat(bodies(messages).subList(0, 1000)).isEqualTo(published);
    }

    @Test
    void bodiesAreDeliveredByteForByte() {
        WireClient client = subscribe("t", "c");
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        producer().pub("t", body).expectOk();
        client.rdy(1);

        assertThat(client.readMessage().body()).isEqualTo(body);
    }

    @Test
    void bufferedMessagesGoOutWithinTheOutputBufferTimeout() {
        WireClient client = subscribe("t", "c", "{\"output_buffer_timeout\":1000}");
        client.rdy(10);

        long published = System.nanoTime();
        publish("t", "a");
        client.timeout(Duration.ofMillis(1500)).readMessage();

        assertThat(millisSince(published)).isLessThan(1500);
    }

    @Test
    void aMessageAfterAQuietSpellGoesOutAtOnce() {
        // docs/compatibility.md: flushed at most one output_buffer_timeout after the previous flush, not on a ticker
        WireClient client = subscribe("t", "c", "{\"output_buffer_timeout\":2000}");
        client.rdy(10);
        client.assertNoFrame(Duration.ofMillis(2100));

        publish("t", "a");

        client.timeout(Duration.ofMillis(1000)).readMessage();
    }

    @Test
    void theFirstMessageAfterSubscribingGoesOutAtOnce() {
        // the IDENTIFY and SUB answers were flushed a moment ago: responses do not pace messages
        WireClient client = subscribe("t", "c", "{\"output_buffer_timeout\":5000}");
        client.rdy(10);

        publish("t", "a");

        assertThat(client.timeout(Duration.ofMillis(2500)).readMessage().bodyText()).isEqualTo("a");
    }

    @Test
    void reachingRdyFlushesAtOnce() {
        WireClient client = subscribe("t", "c", "{\"output_buffer_timeout\":5000}");
        client.rdy(2);

        publish("t", "a", "b");

        assertThat(bodies(readMessages(client.timeout(Duration.ofMillis(1000)), 2))).containsExactly("a", "b");
    }

    @Test
    void aResponseFlushesTheMessagesBufferedBeforeIt() {
        WireClient client = subscribe("t", "c", "{\"output_buffer_timeout\":5000}");
        client.rdy(10);
        ClientV2 consumer = (ClientV2) channel("t", "c").clients().get(0);
        publish("t", "a");
        Await.until(EVENTUALLY, () -> consumer.messageCount() == 1, "the message to be written to the buffer");

        client.pub("t2", "x");

        client.timeout(Duration.ofMillis(1000));
        assertThat(client.readMessage().bodyText()).isEqualTo("a");
        client.expectOk();
    }

    @Test
    void everyChannelGetsEveryMessageWithTheSameIdAndTimestamp() {
        WireClient c1 = subscribe("t", "c1");
        WireClient c2 = subscribe("t", "c2");
        publishNumbered("t", "m", 20);

        c1.rdy(100);
        c2.rdy(100);
        List<Message> got1 = readMessages(c1, 20);
        List<Message> got2 = readMessages(c2, 20);

        assertThat(got2).usingRecursiveFieldByFieldElementComparator().isEqualTo(got1);
        c1.assertNoFrame(QUIET);
    }

    @Test
    void eachChannelCountsTheAttemptsOfItsOwnCopy() {
        // one object per message waits in every channel of a fan-out; what a delivery changes is the channel's copy
        WireClient c1 = subscribe("t", "c1");
        WireClient c2 = subscribe("t", "c2");
        WireClient c3 = subscribe("t", "c3");
        publish("t", "a");
        producer().dpub("t", 100, "later").expectOk();

        c1.rdy(1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Message m = c1.readMessage();
            assertThat(m.bodyText()).isEqualTo("a");
            assertThat(m.attempts()).isEqualTo(attempt);
            c1.req(m.id(), 0);
        }
        c2.rdy(2);
        c3.rdy(2);

        for (WireClient other : List.of(c2, c3)) {
            List<Message> got = readMessages(other, 2);
            assertThat(bodies(got)).containsExactly("a", "later");
            assertThat(got).allSatisfy(m -> assertThat(m.attempts()).isEqualTo(1));
            other.fin(got.get(0).id()).fin(got.get(1).id());
        }
        assertThat(c1.readMessage().attempts()).isEqualTo(4);
    }

    @Test
    void competingConsumersOnOneChannelEachGetADifferentPart() {
        WireClient first = subscribe("t", "c");
        WireClient second = subscribe("t", "c");
        List<String> published = publishNumbered("t", "m", 20);

        first.rdy(10);
        List<String> got = new ArrayList<>(bodies(readMessages(first, 10)));
        first.assertNoFrame(QUIET);
        second.rdy(10);
        got.addAll(bodies(readMessages(second, 10)));

        assertThat(got).containsExactlyInAnyOrderElementsOf(published);
        second.assertNoFrame(QUIET);
    }

    @Test
    void competingConsumersReadingConcurrentlyGetEachMessageExactlyOnce() {
        int total = 2000;
        WireClient first = subscribe("t", "c");
        WireClient second = subscribe("t", "c");
        first.rdy(10);
        second.rdy(10);

        Map<String, Integer> received1 = new ConcurrentHashMap<>();
        Map<String, Integer> received2 = new ConcurrentHashMap<>();
        try (Drainer d1 = countingDrainer(first, received1); Drainer d2 = countingDrainer(second, received2)) {
            List<String> published = new ArrayList<>();
            for (int batch = 0; batch < 10; batch++) {
                published.addAll(publishNumbered("t", "b" + batch + "-", total / 10));
            }

            Await.until(Duration.ofSeconds(20), () -> d1.count() + d2.count() >= total,
                    "both consumers together to receive every message");
            assertThat(d1.count()).isPositive();
            assertThat(d2.count()).isPositive();
            Map<String, Integer> all = new ConcurrentHashMap<>(received1);
            received2.forEach((body, times) -> all.merge(body, times, Integer::sum));
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(published);
            assertThat(all.values()).containsOnly(1);
            d1.assertHealthy();
            d2.assertHealthy();
        }
    }

    @Test
    void aConsumerThatStopsReadingDoesNotHoldUpItsChannelOrTheTopic() {
        int total = 400;
        byte[] big = new byte[64 * 1024];
        WireClient stuck = subscribe("t", "c");
        stuck.rdy(2500);
        WireClient sameChannel = subscribe("t", "c");
        sameChannel.rdy(10);
        WireClient otherChannel = subscribe("t", "other");
        otherChannel.rdy(100);
        Channel channel = channel("t", "c");
        ClientV2 stuckClient = (ClientV2) channel.clients().get(0);

        Map<String, Integer> sameReceived = new ConcurrentHashMap<>();
        try (Drainer same = countingDrainer(sameChannel, sameReceived);
                Drainer other = countingDrainer(otherChannel, new ConcurrentHashMap<>())) {
            for (int i = 0; i < total; i++) {
                big[0] = (byte) i;
                big[1] = (byte) (i >> 8);
                producer().pub("t", big).expectOk();
            }

            Await.until(Duration.ofSeconds(20),
                    () -> other.count() == total && channel.depth() == 0
                            && same.count() + stuckClient.inFlightCount() == total,
                    "the other consumers to get every message the stuck one did not take");
            assertThat(stuckClient.inFlightCount()).isBetween(1, total - 1);
            assertThat(sameReceived.values()).containsOnly(1);
            same.assertHealthy();
            other.assertHealthy();
        }
    }

    @Test
    void aConsumerThatLeavesWritesBlockedForAHeartbeatIntervalIsDisconnectedAndItsMessagesRequeued() {
        // nsqd.md §2.4: the write deadline is one heartbeat interval
        WireClient stuck = subscribe("t", "c", "{\"heartbeat_interval\":1000}");
        stuck.rdy(2500);
        Channel channel = channel("t", "c");
        ClientV2 stuckClient = (ClientV2) channel.clients().get(0);
        byte[] big = new byte[64 * 1024];
        int total = 300;
        for (int i = 0; i < total; i++) {
            producer().pub("t", big).expectOk();
        }
        Await.until(EVENTUALLY, () -> stuckClient.inFlightCount() > 0, "the stuck consumer to take messages");

        // it keeps writing NOPs, so the read deadline is not what ends it
        Await.until(Duration.ofSeconds(6), () -> {
            try {
                stuck.nop();
            } catch (UncheckedIOException closed) {
                // the server is closing it
            }
            return !channel.clients().contains(stuckClient);
        }, "the stuck consumer to be disconnected");

        Await.until(EVENTUALLY, () -> channel.depth() == total, "its messages to be back in the channel");
        assertThat(channel.timeoutCount()).isPositive();
    }

    /** Text bodies as they are; big binary ones by the number in their first two bytes. */
    private static String key(Message m) {
        return m.body().length > 1024 ? "#" + ((m.body()[0] & 0xff) | (m.body()[1] & 0xff) << 8) : m.bodyText();
    }

    /** A drainer that counts how often each message (by {@link #key}) arrives. */
    private static Drainer countingDrainer(WireClient client, Map<String, Integer> received) {
        return new Drainer(client.timeout(Duration.ofSeconds(60)), m -> received.merge(key(m), 1, Integer::sum));
    }
}
