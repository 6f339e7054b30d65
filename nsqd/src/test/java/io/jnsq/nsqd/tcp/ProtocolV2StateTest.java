package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client state machine (nsqd.md §2.5): what init, subscribed and closing allow. The refusals, with their
 * exact texts, are rows of {@link ProtocolV2ErrorsTest}.
 */
class ProtocolV2StateTest extends ProtocolV2TestBase {

    @Test
    void initAllowsIdentifyPublishingAndNopThenSub() {
        WireClient client = connect();

        client.identify("{}").expectOk();
        client.pub("t", "p").expectOk();
        client.mpub("t", List.of(utf8("m"))).expectOk();
        client.dpub("t", 0, "d").expectOk();
        client.nop().assertNoFrame(QUIET);
        client.sub("t", "c").expectOk();

        assertThat(topic("t").messageCount()).isEqualTo(3);
    }

    @Test
    void connectionsAreNumberedFromOne() {
        subscribe("t", "c");
        subscribe("t", "c");

        List<Long> ids = channel("t", "c").clients().stream().map(c -> ((ClientV2) c).id()).toList();

        assertThat(ids).containsExactly(1L, 2L);
    }

    @Test
    void subCreatesTheTopicAndChannel() {
        subscribe("new_topic", "new_channel");

        assertThat(nsqd().broker().existingTopic("new_topic").existingChannel("new_channel").clients()).hasSize(1);
    }

    @Test
    void aSubscribedClientMayPublishAndNop() {
        WireClient client = subscribe("t", "c");

        client.pub("t", "p").expectOk();
        client.mpub("t", List.of(utf8("m1"), utf8("m2"))).expectOk();
        client.dpub("t", 0, "d").expectOk();
        client.nop();

        client.rdy(10);
        assertThat(bodies(readMessages(client, 4))).containsExactlyInAnyOrder("p", "m1", "m2", "d");
    }

    @Test
    void aNewSubscriberStartsAtRdyZero() {
        WireClient client = subscribe("t", "c");

        publish("t", "waiting");

        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isEqualTo(1);
        client.rdy(1);
        assertThat(client.readMessage().bodyText()).isEqualTo("waiting");
    }

    @Test
    void rdyWithoutCountMeansOne() {
        WireClient client = subscribe("t", "c");
        publish("t", "a", "b");

        client.send(raw(out -> Commands.line(out, "RDY")));

        Message m = client.readMessage();
        client.assertNoFrame(QUIET);
        client.fin(m.id());
        client.readMessage();
    }

    @Test
    void clsAnswersCloseWaitAndStopsDeliveryButKeepsTheConnection() {
        WireClient client = subscribe("t", "c");
        client.rdy(10);
        publish("t", "before");
        Message inFlight = client.readMessage();

        client.cls();
        assertThat(client.readResponse()).isEqualTo("CLOSE_WAIT");
        publish("t", "after1", "after2");

        client.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isEqualTo(2);
        client.fin(inFlight.id());
        client.pub("t", "still usable").expectOk();
        assertThat(channel("t", "c").inFlightCount()).isZero();
    }

    @Test
    void rdyAfterClsIsIgnoredWithoutAnswer() {
        WireClient client = subscribe("t", "c");
        client.cls();
        assertThat(client.readResponse()).isEqualTo("CLOSE_WAIT");
        publish("t", "m");

        client.rdy(10);
        // NSQ returns before even parsing the count
        client.send(raw(out -> Commands.line(out, "RDY not-a-number")));

        client.assertNoFrame(QUIET);
        client.pub("t", "still usable").expectOk();
        assertThat(channel("t", "c").depth()).isEqualTo(2);
    }

    @Test
    void finReqAndTouchAreAcceptedWhileClosing() {
        WireClient closing = subscribe("t", "c");
        closing.rdy(3);
        publish("t", "fin", "req", "touch");
        List<Message> messages = readMessages(closing, 3);
        closing.cls();
        assertThat(closing.readResponse()).isEqualTo("CLOSE_WAIT");

        closing.fin(messages.get(0).id());
        closing.req(messages.get(1).id(), 0);
        closing.touch(messages.get(2).id());
        closing.fin(messages.get(2).id());

        closing.assertNoFrame(QUIET);
        Channel channel = channel("t", "c");
        assertThat(channel.inFlightCount()).isZero();
        assertThat(channel.requeueCount()).isEqualTo(1);
        // the requeued message goes to a consumer that is still open, not back to the closing one
        WireClient other = subscribe("t", "c");
        other.rdy(1);
        Message requeued = other.readMessage();
        assertThat(requeued.bodyText()).isEqualTo(messages.get(1).bodyText());
        assertThat(requeued.attempts()).isEqualTo(2);
    }

    @Test
    void theServerKeepsAClosingConnectionOpenUntilTheClientCloses() {
        WireClient client = subscribe("t", "c");
        client.cls();
        assertThat(client.readResponse()).isEqualTo("CLOSE_WAIT");

        client.assertNoFrame(Duration.ofSeconds(1));
        client.nop().pub("t", "x").expectOk();
        assertThat(channel("t", "c").clients()).hasSize(1);

        client.close();
        Await.until(EVENTUALLY, () -> channel("t", "c").clients().isEmpty(), "the client to leave the channel");
    }

    @Test
    void aDisconnectingClientLeavesItsChannel() {
        WireClient first = subscribe("t", "c");
        subscribe("t", "c");
        Channel channel = channel("t", "c");
        assertThat(channel.clients()).hasSize(2);

        first.close();

        Await.until(EVENTUALLY, () -> channel.clients().size() == 1, "one client to remain");
    }
}
