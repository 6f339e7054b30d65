package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A graceful stop saves every message nsqd holds (memory queues, spilled ones, in-flight, deferred) and the next
 * nsqd on the same data dir delivers each exactly once per channel, deferred ones no earlier than their time.
 */
class GracefulRestartTest extends ProtocolV2TestBase {

    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 10, 10_000})
    void everyMessageInMemoryOrOnDiskIsDeliveredOncePerChannelAfterARestart(long memQueueSize) {
        options.memQueueSize = memQueueSize;
        subscribe("t", "a").close();
        subscribe("t", "b").close();
        List<String> published = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            published.addAll(publishNumbered("t", "m" + batch + "-", 50));
        }
        List<String> waiting = publishNumbered("no_channel", "w", 30);

        restart();

        for (String channel : List.of("a", "b")) {
            WireClient consumer = subscribe("t", channel);
            consumer.rdy(1000);
            List<Message> received = readMessages(consumer, published.size());
            assertThat(bodies(received)).as("channel %s", channel).containsExactlyInAnyOrderElementsOf(published);
            assertThat(received).extracting(Message::attempts).containsOnly(1);
            consumer.assertNoFrame(QUIET);
        }
        WireClient late = subscribe("no_channel", "c");
        late.rdy(100);
        assertThat(bodies(readMessages(late, waiting.size()))).containsExactlyInAnyOrderElementsOf(waiting);
        late.assertNoFrame(QUIET);
    }

    /**
     * nsqd stops while two producers publish and a consumer works through the channel, leaving some of what it
     * gets unfinished: after the restart every message that was answered OK is delivered, unless it was finished.
     */
    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 100, 10_000})
    void noAcknowledgedMessageIsLostByAStopUnderLoad(long memQueueSize) throws Exception {
        options.memQueueSize = memQueueSize;
        WireClient consumer = subscribe("t", "c");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> finished = ConcurrentHashMap.newKeySet();
        AtomicInteger received = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (String producer : List.of("p", "q")) {
            WireClient client = connect();
            threads.add(new Thread(() -> publishUntilClosed(client, producer, acknowledged)));
        }
        threads.add(new Thread(() -> consumeUntilClosed(consumer, received, finished)));
        threads.forEach(Thread::start);
        Await.until(EVENTUALLY, () -> acknowledged.size() > 2000 && received.get() > 500, "publishing and consuming");

        nsqd().close();
        for (Thread t : threads) {
            t.join(EVENTUALLY.toMillis());
            assertThat(t.isAlive()).isFalse();
        }
        restart();

        WireClient after = subscribe("t", "c").timeout(Duration.ofSeconds(2));
        after.rdy(2500);
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(finished);
        int unfinished = missing.size();
        while (!missing.isEmpty()) {
            Message m;
            try {
                m = after.readMessage();
            } catch (AssertionError quietFor2s) {
                break;
            }
            missing.remove(m.bodyText());
            after.fin(m.id());
        }
        assertThat(missing).as("of %d acknowledged, unfinished messages", unfinished).isEmpty();
    }

    private static void publishUntilClosed(WireClient client, String producer, Set<String> acknowledged) {
        try {
            for (int i = 0; ; i++) {
                if (i % 2 == 0) {
                    client.pub("t", producer + i).expectOk();
                    acknowledged.add(producer + i);
                } else {
                    List<String> bodies = List.of(producer + i + "a", producer + i + "b", producer + i + "c");
                    client.mpub("t", bodies.stream().map(ProtocolV2TestBase::utf8).toList()).expectOk();
                    acknowledged.addAll(bodies);
                }
            }
        } catch (AssertionError | UncheckedIOException closedByTheStop) {
            // the publish in progress was not answered OK
        }
    }

    private static void consumeUntilClosed(WireClient consumer, AtomicInteger received, Set<String> finished) {
        try {
            consumer.rdy(100);
            while (true) {
                Message m = consumer.readFrameSkippingHeartbeats().message();
                // every third of the first 150 stays in flight; within RDY, so the rest keeps coming
                int n = received.incrementAndGet();
                if (n % 3 != 0 || n > 150) {
                    finished.add(m.bodyText());
                    consumer.fin(m.id());
                }
            }
        } catch (AssertionError | UncheckedIOException closedByTheStop) {
            // what is still in flight goes back to the channel
        }
    }

    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 10_000})
    void inFlightMessagesComeBackAfterARestartWithTheirAttempts(long memQueueSize) {
        options.memQueueSize = memQueueSize;
        WireClient consumer = subscribe("t", "c");
        List<String> published = publishNumbered("t", "f", 5);
        consumer.rdy(5);
        List<Message> inFlight = readMessages(consumer, 5);
        assertThat(inFlight).extracting(Message::attempts).containsOnly(1);

        restart();

        WireClient again = subscribe("t", "c");
        again.rdy(10);
        List<Message> redelivered = readMessages(again, 5);
        assertThat(bodies(redelivered)).containsExactlyInAnyOrderElementsOf(published);
        assertThat(redelivered).extracting(Message::id)
                .containsExactlyInAnyOrderElementsOf(inFlight.stream().map(Message::id).toList());
        assertThat(redelivered).extracting(Message::attempts).containsOnly(2);
        again.assertNoFrame(QUIET);
    }

    @ParameterizedTest(name = "mem-queue-size {0}")
    @ValueSource(longs = {0, 10_000})
    void deferredMessagesKeepTheirDelayAcrossARestart(long memQueueSize) {
        options.memQueueSize = memQueueSize;
        subscribe("t", "c").close();
        long published = System.nanoTime();
        producer().dpub("t", 2500, "later").expectOk();
        publish("t", "now");

        restart();

        WireClient consumer = subscribe("t", "c");
        consumer.rdy(10);
        assertThat(consumer.readMessage().bodyText()).isEqualTo("now");
        Message later = readWithin(consumer, Duration.ofSeconds(10));
        assertThat(later.bodyText()).isEqualTo("later");
        assertThat(millisSince(published)).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void aRequeueDelayIsKeptAcrossARestart() {
        WireClient consumer = subscribe("t", "c");
        publish("t", "retry");
        consumer.rdy(1);
        Message m = consumer.readMessage();
        long requeued = System.nanoTime();
        consumer.req(m.id(), 2500);
        roundTrip(consumer);

        restart();

        WireClient again = subscribe("t", "c");
        again.rdy(1);
        Message back = readWithin(again, Duration.ofSeconds(10));
        assertThat(back.bodyText()).isEqualTo("retry");
        assertThat(back.attempts()).isEqualTo(2);
        assertThat(millisSince(requeued)).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void aDeferredMessageWaitingInATopicWithoutChannelsKeepsItsDelay() {
        options.memQueueSize = 0;
        long published = System.nanoTime();
        producer().dpub("t", 2500, "later").expectOk();

        restart();

        WireClient consumer = subscribe("t", "c");
        consumer.rdy(1);
        Message later = readWithin(consumer, Duration.ofSeconds(10));
        assertThat(later.bodyText()).isEqualTo("later");
        assertThat(millisSince(published)).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void ephemeralChannelsLoseTheirMessagesAsInNsq() {
        subscribe("t", "c#ephemeral");
        subscribe("t", "kept");
        publish("t", "x");

        restart();

        WireClient kept = subscribe("t", "kept");
        kept.rdy(1);
        assertThat(kept.readMessage().bodyText()).isEqualTo("x");
        WireClient ephemeral = subscribe("t", "c#ephemeral");
        ephemeral.rdy(1);
        ephemeral.assertNoFrame(QUIET);
    }

    private static Message readWithin(WireClient client, Duration timeout) {
        Duration before = client.timeout();
        client.timeout(timeout);
        try {
            var frame = client.readFrameSkippingHeartbeats();
            assertThat(frame.type()).isEqualTo(FrameType.MESSAGE);
            return Message.decode(frame.data());
        } finally {
            client.timeout(before);
        }
    }
}
