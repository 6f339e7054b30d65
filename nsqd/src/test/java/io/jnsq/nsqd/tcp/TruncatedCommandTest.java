package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.Commands;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commands cut off by the end of the client's input (it shuts down its sending side) or by the read deadline
 * (nsqd.md §2.4, §2.7 "failed to read" rows): NSQ answers a command cut inside its body with an error, then
 * closes; a cut command line or magic just closes the connection.
 */
class TruncatedCommandTest extends ProtocolV2TestBase {

    static Stream<Arguments> cutInsideTheBody() {
        return Stream.of(
                cut("IDENTIFY, no size", "IDENTIFY", -1, "", "E_BAD_BODY IDENTIFY failed to read body size"),
                cut("IDENTIFY, half a size", "IDENTIFY", -1, "\0\0", "E_BAD_BODY IDENTIFY failed to read body size"),
                cut("IDENTIFY, short body", "IDENTIFY", 10, "{}", "E_BAD_BODY IDENTIFY failed to read body"),
                cut("AUTH, no size", "AUTH", -1, "", "E_BAD_BODY AUTH failed to read body size"),
                cut("AUTH, short body", "AUTH", 5, "se", "E_BAD_BODY AUTH failed to read body"),
                cut("PUB, no size", "PUB t", -1, "", "E_BAD_MESSAGE PUB failed to read message body size"),
                cut("PUB, half a size", "PUB t", -1, "\0\0\0", "E_BAD_MESSAGE PUB failed to read message body size"),
                cut("PUB, short body", "PUB t", 5, "ab", "E_BAD_MESSAGE PUB failed to read message body"),
                cut("DPUB, no size", "DPUB t 10", -1, "", "E_BAD_MESSAGE DPUB failed to read message body size"),
                cut("DPUB, short body", "DPUB t 10", 5, "", "E_BAD_MESSAGE DPUB failed to read message body"),
                cut("MPUB, no size", "MPUB t", -1, "\0", "E_BAD_BODY MPUB failed to read body size"),
                cut("MPUB, no count", "MPUB t", 20, "\0\0", "E_BAD_BODY MPUB failed to read message count"),
                cut("MPUB, short message", "MPUB t", 20, "\0\0\0\2" + "\0\0\0\3" + "ab",
                        "E_BAD_MESSAGE MPUB failed to read message body"),
                cut("MPUB, no second size", "MPUB t", 20, "\0\0\0\2" + "\0\0\0\1" + "a" + "\0",
                        "E_BAD_MESSAGE MPUB failed to read message(1) body size"),
                // what NSQ would check in the bytes that did arrive
                cut("MPUB, bad count", "MPUB t", 20, "\0\0\0\0", "E_BAD_BODY MPUB invalid message count 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void cutInsideTheBody(String description, byte[] bytes, String error) throws IOException {
        WireClient client = connect().send(bytes);

        client.socket().shutdownOutput();

        assertFatal(client, error);
    }

    @Test
    void aCommandCutInsideItsBodyByTheReadDeadlineIsAnsweredToo() {
        WireClient client = connect().identify("{\"heartbeat_interval\":1000}").expectOk();
        long start = System.nanoTime();

        client.send(lineAndSize("PUB t", 5));

        assertThat(client.timeout(Duration.ofMillis(3500)).readError())
                .isEqualTo("E_BAD_MESSAGE PUB failed to read message body");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(1500);
        client.assertClosed(CLOSE_WITHIN);
    }

    @Test
    void aCommandLineCutByTheEndOfInputClosesWithoutAnswer() throws IOException {
        WireClient client = connect().send(utf8("PUB t"));

        client.socket().shutdownOutput();

        assertClosedWithoutFrame(client);
        assertThat(nsqd().broker().existingTopic("t")).isNull();
    }

    @Test
    void aCutMagicClosesWithoutAnswer() throws IOException {
        WireClient client = connectWithoutMagic().send(utf8("  V"));

        client.socket().shutdownOutput();

        assertClosedWithoutFrame(client);
    }

    @Test
    void completeCommandsBeforeTheEndOfInputAreAnsweredThenTheConnectionCloses() throws IOException {
        WireClient client = connect().send(raw(out -> {
            Commands.pub(out, "t", utf8("a"));
            Commands.pub(out, "t", utf8("b"));
        }));

        client.socket().shutdownOutput();

        client.expectOk().expectOk();
        client.assertClosed(CLOSE_WITHIN);
        assertThat(topic("t").messageCount()).isEqualTo(2);
    }

    @Test
    void aSubscriberThatShutsDownItsSideIsDisconnected() throws IOException {
        WireClient client = subscribe("t", "c");

        client.socket().shutdownOutput();

        client.assertClosed(CLOSE_WITHIN);
        Await.until(EVENTUALLY, () -> channel("t", "c").clients().isEmpty(), "the consumer to leave the channel");
    }

    private static void assertClosedWithoutFrame(WireClient client) {
        assertThatThrownBy(client::readFrame).hasMessageContaining("closed the connection");
    }

    /** A command line, then a 4-byte size unless {@code size} is -1, then {@code rest} as bytes 0-255. */
    private static Arguments cut(String description, String line, int size, String rest, String error) {
        return Arguments.of(description, raw(out -> {
            Commands.line(out, line);
            if (size >= 0) {
                out.writeInt(size);
            }
            for (char c : rest.toCharArray()) {
                out.writeByte(c);
            }
        }), error);
    }
}
