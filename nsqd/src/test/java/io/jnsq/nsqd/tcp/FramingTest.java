package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frames;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte stream (nsqd.md §2.1–2.4): the magic, command lines, bodies cut anywhere, pipelining, line limits. */
class FramingTest extends ProtocolV2TestBase {
    /** NSQ reads lines through a 16 KiB buffer: the line and its newline must fit. */
    private static final int LINE_BUFFER = 16 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"  V1", "V2  ", "PUB ", "    "})
    void aWrongMagicGetsExactlyOneBareErrorFrameThenTheConnectionCloses(String magic) throws IOException {
        WireClient client = connectWithoutMagic();
        client.send(magic.getBytes(StandardCharsets.US_ASCII));
        client.socket().setSoTimeout((int) CLOSE_WITHIN.toMillis());
        InputStream in = client.socket().getInputStream();

        byte[] received = in.readNBytes(23);

        assertThat(HexFormat.of().formatHex(received))
                .isEqualTo("00000012" + "00000001" + HexFormat.of().formatHex(utf8("E_BAD_PROTOCOL")));
    }

    @Test
    void theRightMagicGetsNoAnswer() {
        connect().assertNoFrame(QUIET);
    }

    @Test
    void theMagicMayArriveOneByteAtATime() {
        WireClient client = connectWithoutMagic();
        for (byte b : Frames.MAGIC_V2) {
            client.send(new byte[] {b});
        }

        client.pub("t", "x").expectOk();
    }

    @Test
    void theMagicAndCommandsMayArriveInOneWrite() {
        WireClient client = connectWithoutMagic();

        client.send(raw(out -> {
            out.writeBytes(Frames.MAGIC_V2);
            Commands.pub(out, "t", utf8("x"));
        }));

        client.expectOk();
    }

    @Test
    void carriageReturnsBeforeNewlinesAreStripped() {
        WireClient client = connect();

        client.send(raw(out -> {
            Commands.line(out, "PUB t\r");
            out.writeInt(1);
            out.writeByte('x');
            Commands.line(out, "NOP\r");
            Commands.line(out, "SUB t c\r");
        }));

        client.expectOk().expectOk();
        assertThat(channel("t", "c")).isNotNull();
    }

    @Test
    void extraParametersAreIgnored() {
        WireClient client = connect();

        client.send(raw(out -> {
            Commands.line(out, "PUB t extra params");
            out.writeInt(1);
            out.writeByte('x');
            Commands.line(out, "NOP extra");
            Commands.line(out, "SUB t c extra");
            Commands.line(out, "RDY 1 extra");
        }));

        client.expectOk().expectOk();
        assertThat(client.readMessage().bodyText()).isEqualTo("x");
    }

    @Test
    void pipelinedCommandsInOneWriteAreAnsweredInOrder() {
        WireClient client = connect();
        String id1 = "1111111111111111";
        String id2 = "2222222222222222";
        String id3 = "3333333333333333";

        client.send(raw(out -> {
            Commands.identify(out, "{\"feature_negotiation\":true}");
            Commands.pub(out, "t", utf8("p1"));
            Commands.nop(out);
            Commands.mpub(out, "t", List.of(utf8("m1"), utf8("m2")));
            Commands.dpub(out, "t", 0, utf8("d1"));
            Commands.sub(out, "other", "c");
            Commands.fin(out, id1);
            Commands.req(out, id2, 0);
            Commands.touch(out, id3);
            Commands.pub(out, "t", utf8("p2"));
            Commands.cls(out);
        }));

        assertThat(client.readResponse()).startsWith("{\"max_rdy_count\":");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rest.add(client.readFrameSkippingHeartbeats().text());
        }
        assertThat(rest).containsExactly("OK", "OK", "OK", "OK",
                "E_FIN_FAILED FIN " + id1 + " failed ID not in flight",
                "E_REQ_FAILED REQ " + id2 + " failed ID not in flight",
                "E_TOUCH_FAILED TOUCH " + id3 + " failed ID not in flight", "OK");
        assertThat(client.readResponse()).isEqualTo("CLOSE_WAIT");
        assertThat(topic("t").messageCount()).isEqualTo(5);
    }

    @Test
    void manyPipelinedPublishesAreEachAnsweredOnce() {
        WireClient client = connect();
        int count = 500;

        client.send(raw(out -> {
            for (int i = 0; i < count; i++) {
                Commands.pub(out, "t", utf8("m" + i));
            }
        }));

        for (int i = 0; i < count; i++) {
            client.expectOk();
        }
        client.assertNoFrame(QUIET);
        assertThat(topic("t").messageCount()).isEqualTo(count);
    }

    static Stream<Arguments> commandsWithBodies() {
        return Stream.of(
                Arguments.of("PUB", raw(out -> Commands.pub(out, "t", utf8("hello")))),
                Arguments.of("MPUB", raw(out -> Commands.mpub(out, "t", List.of(utf8("hello"), utf8("world!"))))),
                Arguments.of("DPUB", raw(out -> Commands.dpub(out, "t", 0, utf8("hello")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithBodies")
    void aCommandSplitAtAnyByteIsAnsweredOnceAndPublishesExactlyOnce(String name, byte[] command) {
        WireClient consumer = subscribe("t", "c");
        WireClient client = connect();
        List<String> expected = publishedBy(command);

        for (int split = 1; split < command.length; split++) {
            client.send(Arrays.copyOfRange(command, 0, split));
            client.send(Arrays.copyOfRange(command, split, command.length));
            client.expectOk();
        }

        client.assertNoFrame(QUIET);
        int splits = command.length - 1;
        assertThat(topic("t").messageCount()).isEqualTo((long) splits * expected.size());
        consumer.rdy(2500);
        for (int i = 0; i < splits; i++) {
            assertThat(bodies(readMessages(consumer, expected.size()))).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithBodies")
    void aCommandSentOneByteAtATimeIsAnsweredOnce(String name, byte[] command) {
        WireClient client = connect();

        for (byte b : command) {
            client.send(new byte[] {b});
        }

        client.expectOk().assertNoFrame(QUIET);
        assertThat(topic("t").messageCount()).isEqualTo(publishedBy(command).size());
    }

    @Test
    void identifySplitAtAnyByteIsAnsweredOnce() {
        byte[] command = raw(out -> Commands.identify(out, "{\"client_id\":\"split\"}"));
        WireClient client = connect();

        for (int split = 1; split < command.length; split++) {
            client.send(Arrays.copyOfRange(command, 0, split));
            client.send(Arrays.copyOfRange(command, split, command.length));
            client.expectOk();
        }

        client.assertNoFrame(QUIET);
    }

    @Test
    void aLineThatFillsAlmostTheWholeBufferIsAccepted() {
        WireClient client = connect();
        String line = "PUB t " + "x".repeat(LINE_BUFFER - 1 - "PUB t ".length());

        client.send(raw(out -> {
            Commands.line(out, line);
            out.writeInt(1);
            out.writeByte('x');
        }));

        client.expectOk();
    }

    @Test
    void aLineThatDoesNotFitTheBufferClosesTheConnectionWithoutAnswer() {
        WireClient client = connect();
        String line = "PUB t " + "x".repeat(LINE_BUFFER - "PUB t ".length());

        client.send(raw(out -> {
            Commands.line(out, line);
            out.writeInt(1);
            out.writeByte('x');
        }));

        assertClosedWithoutFrame(client);
        assertThat(nsqd().broker().existingTopic("t")).isNull();
    }

    @Test
    void aLongLineWithoutNewlineClosesTheConnection() {
        WireClient client = connect();

        client.send(utf8("PUB " + "x".repeat(20_000)));

        assertClosedWithoutFrame(client);
    }

    @Test
    void aLongLineArrivingInPiecesClosesTheConnection() {
        WireClient client = connect();

        for (int i = 0; i < LINE_BUFFER / 1024; i++) {
            client.send(utf8("x".repeat(1024)));
        }

        assertClosedWithoutFrame(client);
    }

    @Test
    void bodiesMayBeFarLongerThanTheLineBuffer() {
        WireClient consumer = subscribe("t", "c");
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'b');

        connect().pub("t", body).expectOk();

        consumer.rdy(1);
        assertThat(consumer.readMessage().body()).isEqualTo(body);
    }

    /** The bodies a PUB, DPUB or MPUB command publishes, decoded back from its bytes. */
    private static List<String> publishedBy(byte[] command) {
        boolean mpub = command[0] == 'M';
        int bodyStart = new String(command, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        ByteBuffer buf = ByteBuffer.wrap(command, bodyStart, command.length - bodyStart);
        int count = 1;
        if (mpub) {
            buf.getInt();
            count = buf.getInt();
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[buf.getInt()];
            buf.get(body);
            bodies.add(new String(body, StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static void assertClosedWithoutFrame(WireClient client) {
        assertThatThrownBy(client::readFrame).hasMessageContaining("closed the connection");
    }
}
