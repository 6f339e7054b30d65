package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In-flight timeouts, TOUCH, REQ and DPUB (nsqd.md §2.7, §5.1–5.3). Ours are timer-accurate
 * (docs/compatibility.md): a delay comes back when asked, not at the next 100 ms scan of a list refreshed every
 * 5 s, so these tests bound the time both ways.
 */
class RequeueAndTimeoutTest extends ProtocolV2TestBase {
    private static final String ONE_SECOND_TIMEOUT = "{\"msg_timeout\":1000}";

    @Test
    void anUnfinishedMessageIsRedeliveredAfterMsgTimeout() {
        WireClient client = subscribe("t", "c", ONE_SECOND_TIMEOUT);
        publish("t", "m");
        client.rdy(1);
        Message first = client.readMessage();
        long delivered = System.nanoTime();

        Message again = client.readMessage();

        assertThat(millisSince(delivered)).isBetween(900L, 2000L);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.timestampNanos()).isEqualTo(first.timestampNanos());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(channel("t", "c").timeoutCount()).isEqualTo(1);
    }

    @Test
    void aTimedOutMessageCanNoLongerBeFinished() {
        WireClient client = subscribe("t", "c", ONE_SECOND_TIMEOUT);
        publish("t", "m");
        client.rdy(1);
        Message m = client.readMessage();
        client.rdy(0);
        Channel channel = channel("t", "c");

        Await.until(Duration.ofSeconds(3), () -> channel.timeoutCount() == 1, "the message to time out");

        client.fin(m.id());
        assertNonFatal(client, "E_FIN_FAILED FIN " + m.id() + " failed ID not in flight");
        assertThat(channel.depth()).isEqualTo(1);
        assertThat(channel.inFlightCount()).isZero();
    }

    @Test
    void reqWithoutDelayRedeliversAtOnce() {
        WireClient client = subscribe("t", "c");
        publish("t", "m");
        client.rdy(1);
        Message first = client.readMessage();
        long requeued = System.nanoTime();

        client.req(first.id(), 0);
        Message again = client.readMessage();

        assertThat(millisSince(requeued)).isLessThan(1000);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(channel("t", "c").requeueCount()).isEqualTo(1);
        assertThat(channel("t", "c").timeoutCount()).isZero();
    }

    @Test
    void everyDeliveryCountsAnAttempt() {
        WireClient client = subscribe("t", "c");
        publish("t", "m");
        client.rdy(1);

        for (int attempt = 1; attempt <= 4; attempt++) {
            Message m = client.readMessage();
            assertThat(m.attempts()).isEqualTo(attempt);
            client.req(m.id(), 0);
        }

        assertThat(client.readMessage().attempts()).isEqualTo(5);
        assertThat(channel("t", "c").requeueCount()).isEqualTo(4);
    }

    @Test
    void reqWithADelayComesBackAfterTheDelay() {
        WireClient client = subscribe("t", "c");
        publish("t", "m");
        client.rdy(1);
        Message first = client.readMessage();
        Channel channel = channel("t", "c");

        long requeued = System.nanoTime();
        client.req(first.id(), 1500);
        Await.until(Duration.ofSeconds(1), () -> channel.deferredCount() == 1, "the message to be deferred");
        assertThat(channel.inFlightCount()).isZero();
        Message again = client.timeout(Duration.ofSeconds(3)).readMessage();

        assertThat(millisSince(requeued)).isBetween(1400L, 2500L);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(channel.deferredCount()).isZero();
    }

    @Test
    void reqBeyondMaxReqTimeoutIsClampedNotRefused() {
        options.maxReqTimeout = Duration.ofSeconds(1);
        WireClient client = subscribe("t", "c");
        publish("t", "m");
        client.rdy(1);
        Message first = client.readMessage();

        long requeued = System.nanoTime();
        client.req(first.id(), 99_999_999);
        Message again = client.timeout(Duration.ofSeconds(3)).readMessage();

        assertThat(millisSince(requeued)).isBetween(900L, 2000L);
        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void dpubIsDeliveredAfterItsDelay() {
        WireClient client = subscribe("t", "c");
        client.rdy(1);
        Channel channel = channel("t", "c");

        long published = System.nanoTime();
        producer().dpub("t", 1200, "later").expectOk();
        assertThat(channel.messageCount()).isEqualTo(1);
        assertThat(channel.deferredCount()).isEqualTo(1);
        Message m = client.timeout(Duration.ofSeconds(3)).readMessage();

        assertThat(millisSince(published)).isBetween(1100L, 2200L);
        assertThat(m.bodyText()).isEqualTo("later");
        assertThat(m.attempts()).isEqualTo(1);
    }

    @Test
    void dpubDelayCountsFromThePublishEvenWithoutAChannel() {
        WireClient producer = producer();
        long published = System.nanoTime();
        producer.dpub("t", 1500, "later").expectOk();
        producer.assertNoFrame(Duration.ofMillis(700));

        WireClient client = subscribe("t", "c");
        client.rdy(1);
        Message m = client.timeout(Duration.ofSeconds(3)).readMessage();

        assertThat(millisSince(published)).isBetween(1400L, 2300L);
        assertThat(m.bodyText()).isEqualTo("later");
    }

    @Test
    void dpubBeyondMaxReqTimeoutIsRefused() {
        options.maxReqTimeout = Duration.ofSeconds(1);

        connect().dpub("t", 1000, "ok").expectOk();
        assertFatal(connect().dpub("t", 1001, "no"), "E_INVALID DPUB timeout 1001 out of range 0-1000");
    }

    @Test
    void touchExtendsTheDeadline() {
        WireClient client = subscribe("t", "c", ONE_SECOND_TIMEOUT);
        publish("t", "m");
        client.rdy(1);
        Message m = client.readMessage();
        long delivered = System.nanoTime();

        client.assertNoFrame(Duration.ofMillis(600));
        client.touch(m.id());
        client.assertNoFrame(Duration.ofMillis(800));
        Message again = client.timeout(Duration.ofSeconds(2)).readMessage();

        assertThat(millisSince(delivered)).isBetween(1500L, 2600L);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(channel("t", "c").timeoutCount()).isEqualTo(1);
    }

    @Test
    void touchCannotExtendBeyondMaxMsgTimeoutFromDelivery() {
        options.maxMsgTimeout = Duration.ofSeconds(2);
        WireClient client = subscribe("t", "c", "{\"msg_timeout\":2000}");
        publish("t", "m");
        client.rdy(1);
        Message m = client.readMessage();
        long delivered = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            client.assertNoFrame(Duration.ofMillis(500));
            client.touch(m.id());
        }
        Message again = client.timeout(Duration.ofSeconds(3)).readMessage();

        // without the cap the last TOUCH would have moved the deadline to about 3.5 s
        assertThat(millisSince(delivered)).isBetween(1900L, 3000L);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void finishedMessagesAreNotRedelivered() {
        WireClient client = subscribe("t", "c", ONE_SECOND_TIMEOUT);
        publish("t", "m");
        client.rdy(1);

        client.fin(client.readMessage().id());

        client.assertNoFrame(Duration.ofMillis(1500));
        assertThat(channel("t", "c").timeoutCount()).isZero();
    }

    @Test
    void aDisconnectedConsumersMessagesAreRequeuedAtOnce() {
        WireClient leaving = subscribe("t", "c");
        WireClient staying = subscribe("t", "c");
        publish("t", "m");
        leaving.rdy(1);
        Message first = leaving.readMessage();
        staying.rdy(1);

        long closed = System.nanoTime();
        leaving.close();
        Message again = staying.readMessage();

        assertThat(millisSince(closed)).isLessThan(2000);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(channel("t", "c").timeoutCount()).isEqualTo(1);
    }

    @Test
    void aDisconnectedConsumersMessagesWaitInTheChannelForTheNextConsumer() {
        WireClient leaving = subscribe("t", "c");
        publish("t", "a", "b");
        leaving.rdy(2);
        readMessages(leaving, 2);
        Channel channel = channel("t", "c");

        leaving.close();
        Await.until(EVENTUALLY, () -> channel.depth() == 2, "both messages to be back in the channel");

        WireClient next = subscribe("t", "c");
        next.rdy(2);
        assertThat(bodies(readMessages(next, 2))).containsExactlyInAnyOrder("a", "b");
    }
}
