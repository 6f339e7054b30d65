package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frame;
import io.jnsq.testwire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats and the read deadline (nsqd.md §2.4, §2.9): a {@code _heartbeat_} every interval, and a client that
 * sends nothing for two intervals is disconnected. Intervals are 1 s, the smallest IDENTIFY accepts.
 */
class HeartbeatTest extends ProtocolV2TestBase {
    private static final String ONE_SECOND = "{\"heartbeat_interval\":1000}";

    @Test
    void heartbeatsArriveEveryInterval() {
        WireClient client = connect().identify(ONE_SECOND).expectOk();
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            assertThat(client.readFrame().isHeartbeat()).isTrue();
            arrivals.add(millisSince(start));
            client.nop();
        }

        assertThat(arrivals.get(0)).isBetween(800L, 1500L);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).isBetween(700L, 1300L);
        }
    }

    @Test
    void aClientThatSendsNothingIsDisconnectedAfterTwoIntervals() {
        WireClient client = connect();
        long start = System.nanoTime();
        client.identify(ONE_SECOND).expectOk();

        client.assertClosed(Duration.ofMillis(3500));

        assertThat(millisSince(start)).isGreaterThanOrEqualTo(1500);
    }

    @Test
    void aClientThatAnswersHeartbeatsStaysConnected() {
        WireClient client = connect().identify(ONE_SECOND).expectOk();

        for (int i = 0; i < 4; i++) {
            assertThat(client.readFrame().isHeartbeat()).isTrue();
            if (i % 2 == 0) {
                client.nop();
            } else {
                client.pub("t", "any command counts").expectOk();
            }
        }

        client.pub("t", "still connected").expectOk();
    }

    @Test
    void aSubscriberAtRdyZeroGetsOnlyHeartbeats() {
        WireClient client = subscribe("t", "c", ONE_SECOND);
        publish("t", "waiting");

        Frame frame = client.readFrame();

        assertThat(frame.isHeartbeat()).isTrue();
        client.nop().rdy(1);
        assertThat(client.readMessage().bodyText()).isEqualTo("waiting");
    }

    @Test
    void connectionsThatNeverIdentifiedGetTheDefaultInterval() {
        options.defaultHeartbeatInterval = Duration.ofSeconds(1);
        WireClient client = connect();
        long start = System.nanoTime();

        assertThat(client.readFrame().isHeartbeat()).isTrue();
        client.assertClosed(Duration.ofMillis(3500));

        assertThat(millisSince(start)).isGreaterThanOrEqualTo(1500);
    }

    @Test
    void disabledHeartbeatsMeanNoHeartbeatsAndNoReadDeadline() {
        options.defaultHeartbeatInterval = Duration.ofSeconds(1);
        WireClient client = connect().identify("{\"heartbeat_interval\":-1}").expectOk();

        client.assertNoFrame(Duration.ofMillis(2500));

        client.pub("t", "still connected").expectOk();
    }

    @Test
    void disabledHeartbeatsRefuseSub() {
        WireClient client = connect().identify("{\"heartbeat_interval\":-1}").expectOk();

        client.sub("t", "c");

        assertFatal(client, "E_INVALID cannot SUB with heartbeats disabled");
        assertThat(nsqd().broker().existingTopic("t")).isNull();
    }

    @Test
    void disabledHeartbeatsAreCheckedBeforeSubParameters() {
        WireClient client = connect().identify("{\"heartbeat_interval\":-1}").expectOk();

        client.send(raw(out -> Commands.line(out, "SUB")));

        assertFatal(client, "E_INVALID cannot SUB with heartbeats disabled");
    }

    @Test
    void theIntervalIsBoundedByMaxHeartbeatInterval() {
        options.maxHeartbeatInterval = Duration.ofSeconds(2);

        connect().identify("{\"heartbeat_interval\":2000}").expectOk();
        assertFatal(connect().identify("{\"heartbeat_interval\":2001}"),
                "E_BAD_BODY IDENTIFY heartbeat interval (2001) is invalid");
    }
}
