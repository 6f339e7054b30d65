package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.WireClient;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error row of the commands other than IDENTIFY (nsqd.md §2.7): the exact text, and whether the
 * connection is closed afterwards. IDENTIFY has its own {@link IdentifyTest}.
 */
class ProtocolV2ErrorsTest extends ProtocolV2TestBase {
    private static final String NAME_65 = "a".repeat(65);

    /** {@code line} sent on a fresh connection (state init). */
    static Stream<Arguments> fatalInInit() {
        return Stream.of(
                line("FOO", "E_INVALID invalid command FOO"),
                line("", "E_INVALID invalid command "),
                line("\r", "E_INVALID invalid command "),
                line("nop", "E_INVALID invalid command nop"),
                line("Pub t", "E_INVALID invalid command Pub"),
                // parameters are echoed byte for byte, as Go does
                line("\u00e9t\u00e9", "E_INVALID invalid command \u00e9t\u00e9"),
                line("DPUB t \u00e9", "E_INVALID DPUB could not parse timeout \u00e9"),
                line(" NOP", "E_INVALID invalid command "),
                // SUB
                line("SUB", "E_INVALID SUB insufficient number of parameters"),
                line("SUB t", "E_INVALID SUB insufficient number of parameters"),
                line("SUB t$ c", "E_BAD_TOPIC SUB topic name \"t$\" is not valid"),
                line("SUB  c", "E_BAD_TOPIC SUB topic name \"\" is not valid"),
                line("SUB " + NAME_65 + " c", "E_BAD_TOPIC SUB topic name \"" + NAME_65 + "\" is not valid"),
                line("SUB t1#ephemeralx c", "E_BAD_TOPIC SUB topic name \"t1#ephemeralx\" is not valid"),
                line("SUB #ephemeral c", "E_BAD_TOPIC SUB topic name \"#ephemeral\" is not valid"),
                line("SUB t c$", "E_BAD_CHANNEL SUB channel name \"c$\" is not valid"),
                line("SUB t " + NAME_65, "E_BAD_CHANNEL SUB channel name \"" + NAME_65 + "\" is not valid"),
                line("SUB t$ c$", "E_BAD_TOPIC SUB topic name \"t$\" is not valid"),
                // names are quoted as Go's %q does: printable UTF-8 as is, everything else escaped
                line("SUB t\u0001 c", "E_BAD_TOPIC SUB topic name \"t\\x01\" is not valid"),
                line("SUB t\" c", "E_BAD_TOPIC SUB topic name \"t\\\"\" is not valid"),
                line("SUB t\u00f6 c", "E_BAD_TOPIC SUB topic name \"t\u00f6\" is not valid"),
                line("SUB \u65e5\u672c c", "E_BAD_TOPIC SUB topic name \"\u65e5\u672c\" is not valid"),
                line("SUB t\ud83d\ude00 c", "E_BAD_TOPIC SUB topic name \"t\ud83d\ude00\" is not valid"),
                line("SUB t\u00a0 c", "E_BAD_TOPIC SUB topic name \"t\\u00a0\" is not valid"),
                line("SUB t c\u00ad", "E_BAD_CHANNEL SUB channel name \"c\\u00ad\" is not valid"),
                bytes("SUB t\\xff c", new byte[] {'S', 'U', 'B', ' ', 't', (byte) 0xff, ' ', 'c', '\n'},
                        "E_BAD_TOPIC SUB topic name \"t\\xff\" is not valid"),
                bytes("SUB t\\xc0\\xaf c (overlong)",
                        new byte[] {'S', 'U', 'B', ' ', 't', (byte) 0xc0, (byte) 0xaf, ' ', 'c', '\n'},
                        "E_BAD_TOPIC SUB topic name \"t\\xc0\\xaf\" is not valid"),
                bytes("SUB t\\xed\\xa0\\x80 c (surrogate)",
                        new byte[] {'S', 'U', 'B', ' ', 't', (byte) 0xed, (byte) 0xa0, (byte) 0x80, ' ', 'c', '\n'},
                        "E_BAD_TOPIC SUB topic name \"t\\xed\\xa0\\x80\" is not valid"),
                // consumer commands before SUB
                line("RDY 1", "E_INVALID cannot RDY in current state"),
                line("FIN " + UNKNOWN_ID, "E_INVALID cannot FIN in current state"),
                line("REQ " + UNKNOWN_ID + " 0", "E_INVALID cannot REQ in current state"),
                line("TOUCH " + UNKNOWN_ID, "E_INVALID cannot TOUCH in current state"),
                line("CLS", "E_INVALID cannot CLS in current state"),
                // state comes before parameters
                line("FIN", "E_INVALID cannot FIN in current state"),
                line("RDY x", "E_INVALID cannot RDY in current state"),
                // AUTH
                line("AUTH x", "E_INVALID AUTH invalid number of parameters"),
                sized("AUTH", 5242881, "E_BAD_BODY AUTH body too big 5242881 > 5242880"),
                sized("AUTH", 0, "E_BAD_BODY AUTH invalid body size 0"),
                sized("AUTH", -1, "E_BAD_BODY AUTH invalid body size -1"),
                command("AUTH secret", out -> Commands.auth(out, utf8("secret")), "E_AUTH_DISABLED AUTH disabled"),
                // PUB
                line("PUB", "E_INVALID PUB insufficient number of parameters"),
                command("PUB t$", out -> Commands.pub(out, "t$", utf8("x")),
                        "E_BAD_TOPIC PUB topic name \"t$\" is not valid"),
                command("PUB 65-character topic", out -> Commands.pub(out, NAME_65, utf8("x")),
                        "E_BAD_TOPIC PUB topic name \"" + NAME_65 + "\" is not valid"),
                command("PUB with an empty topic", out -> Commands.pub(out, "", utf8("x")),
                        "E_BAD_TOPIC PUB topic name \"\" is not valid"),
                sized("PUB t", 0, "E_BAD_MESSAGE PUB invalid message body size 0"),
                sized("PUB t", -1, "E_BAD_MESSAGE PUB invalid message body size -1"),
                sized("PUB t", 1048577, "E_BAD_MESSAGE PUB message too big 1048577 > 1048576"),
                // DPUB
                line("DPUB", "E_INVALID DPUB insufficient number of parameters"),
                line("DPUB t", "E_INVALID DPUB insufficient number of parameters"),
                line("DPUB t$ 10", "E_BAD_TOPIC DPUB topic name \"t$\" is not valid"),
                line("DPUB t$ -5", "E_BAD_TOPIC DPUB topic name \"t$\" is not valid"),
                line("DPUB t -5", "E_INVALID DPUB could not parse timeout -5"),
                line("DPUB t 1s", "E_INVALID DPUB could not parse timeout 1s"),
                line("DPUB t 3600001", "E_INVALID DPUB timeout 3600001 out of range 0-3600000"),
                sized("DPUB t 10", 0, "E_BAD_MESSAGE DPUB invalid message body size 0"),
                sized("DPUB t 10", 1048577, "E_BAD_MESSAGE DPUB message too big 1048577 > 1048576"),
                // MPUB
                line("MPUB", "E_INVALID MPUB insufficient number of parameters"),
                line("MPUB t$", "E_BAD_TOPIC E_BAD_TOPIC MPUB topic name \"t$\" is not valid"),
                sized("MPUB t", 0, "E_BAD_BODY MPUB invalid body size 0"),
                sized("MPUB t", -1, "E_BAD_BODY MPUB invalid body size -1"),
                sized("MPUB t", 5242881, "E_BAD_BODY MPUB body too big 5242881 > 5242880"),
                mpub("count missing", new int[] {}, 2, "E_BAD_BODY MPUB failed to read message count"),
                mpub("count 0", new int[] {0}, 0, "E_BAD_BODY MPUB invalid message count 0"),
                mpub("count -1", new int[] {-1}, 0, "E_BAD_BODY MPUB invalid message count -1"),
                mpub("count over limit", new int[] {1048576}, 0, "E_BAD_BODY MPUB invalid message count 1048576"),
                mpub("count 2000000", new int[] {2000000}, 0, "E_BAD_BODY MPUB invalid message count 2000000"),
                mpub("size 0", new int[] {1, 0}, 0, "E_BAD_MESSAGE MPUB invalid message(0) body size 0"),
                mpub("second size -1", new int[] {2, 4, 0x78787878, -1}, 0,
                        "E_BAD_MESSAGE MPUB invalid message(1) body size -1"),
                mpub("size too big", new int[] {1, 1048577}, 0, "E_BAD_MESSAGE MPUB message too big 1048577 > 1048576"),
                mpub("second size missing", new int[] {2, 4, 0x78787878}, 2,
                        "E_BAD_MESSAGE MPUB failed to read message(1) body size"),
                mpub("body short", new int[] {1, 10}, 3, "E_BAD_MESSAGE MPUB failed to read message body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fatalInInit(String description, byte[] command, String error) {
        WireClient client = connect();

        client.send(command);

        assertFatal(client, error);
    }

    /** {@code line} sent after {@code SUB t c}. */
    static Stream<Arguments> fatalWhenSubscribed() {
        return Stream.of(
                line("SUB t c", "E_INVALID cannot SUB in current state"),
                line("SUB t2 c2", "E_INVALID cannot SUB in current state"),
                command("IDENTIFY {}", out -> Commands.identify(out, "{}"), "E_INVALID cannot IDENTIFY in current state"),
                command("AUTH secret", out -> Commands.auth(out, utf8("secret")), "E_INVALID cannot AUTH in current state"),
                line("AUTH x", "E_INVALID cannot AUTH in current state"),
                // RDY
                line("RDY -1", "E_INVALID RDY could not parse count -1"),
                line("RDY abc", "E_INVALID RDY could not parse count abc"),
                line("RDY +1", "E_INVALID RDY could not parse count +1"),
                line("RDY 1234567890123456789", "E_INVALID RDY count 1234567890123456789 out of range 0-2500"),
                line("RDY 99999999999999999999", "E_INVALID RDY count 9223372036854775807 out of range 0-2500"),
                line("RDY 2501", "E_INVALID RDY count 2501 out of range 0-2500"),
                line("RDY \u00e9", "E_INVALID RDY could not parse count \u00e9"),
                // FIN
                line("FIN", "E_INVALID FIN insufficient number of params"),
                line("FIN abc", "E_INVALID invalid message ID"),
                line("FIN " + UNKNOWN_ID + "0", "E_INVALID invalid message ID"),
                line("FIN ", "E_INVALID invalid message ID"),
                // REQ
                line("REQ", "E_INVALID REQ insufficient number of params"),
                line("REQ " + UNKNOWN_ID, "E_INVALID REQ insufficient number of params"),
                line("REQ abc 0", "E_INVALID invalid message ID"),
                line("REQ abc -1", "E_INVALID invalid message ID"),
                line("REQ " + UNKNOWN_ID + " -1", "E_INVALID REQ could not parse timeout -1"),
                line("REQ " + UNKNOWN_ID + " 1.5", "E_INVALID REQ could not parse timeout 1.5"),
                line("REQ " + UNKNOWN_ID + " \u00e9", "E_INVALID REQ could not parse timeout \u00e9"),
                // an ID is 16 bytes, not 16 characters
                line("FIN \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "E_INVALID invalid message ID"),
                // TOUCH
                line("TOUCH", "E_INVALID TOUCH insufficient number of params"),
                line("TOUCH abc", "E_INVALID invalid message ID"),
                // unknown commands stay unknown
                line("fin " + UNKNOWN_ID, "E_INVALID invalid command fin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fatalWhenSubscribed(String description, byte[] command, String error) {
        WireClient client = subscribe("t", "c");

        client.send(command);

        assertFatal(client, error);
    }

    /** {@code line} sent after {@code SUB t c} and {@code CLS}. */
    static Stream<Arguments> fatalWhenClosing() {
        return Stream.of(
                line("CLS", "E_INVALID cannot CLS in current state"),
                line("SUB t c", "E_INVALID cannot SUB in current state"),
                command("IDENTIFY {}", out -> Commands.identify(out, "{}"), "E_INVALID cannot IDENTIFY in current state"),
                line("FIN", "E_INVALID FIN insufficient number of params"),
                line("REQ abc 0", "E_INVALID invalid message ID"),
                line("TOUCH abc", "E_INVALID invalid message ID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fatalWhenClosing(String description, byte[] command, String error) {
        WireClient client = subscribe("t", "c");
        client.cls();
        assertThat(client.readResponse()).isEqualTo("CLOSE_WAIT");

        client.send(command);

        assertFatal(client, error);
    }

    @Test
    void finReqAndTouchOfAnUnknownIdAreNotFatal() {
        WireClient client = subscribe("t", "c");

        client.fin(UNKNOWN_ID);
        assertNonFatal(client, "E_FIN_FAILED FIN " + UNKNOWN_ID + " failed ID not in flight");
        client.req(UNKNOWN_ID, 0);
        assertNonFatal(client, "E_REQ_FAILED REQ " + UNKNOWN_ID + " failed ID not in flight");
        client.touch(UNKNOWN_ID);
        assertNonFatal(client, "E_TOUCH_FAILED TOUCH " + UNKNOWN_ID + " failed ID not in flight");
        // 16 bytes that are not lowercase hex cannot be an ID we sent
        client.fin("zzzzzzzzzzzzzzzz");
        assertNonFatal(client, "E_FIN_FAILED FIN zzzzzzzzzzzzzzzz failed ID not in flight");
        client.fin("ABCDEF0123456789");
        assertNonFatal(client, "E_FIN_FAILED FIN ABCDEF0123456789 failed ID not in flight");
        String eightAccents = "\u00e9".repeat(8);
        client.touch(eightAccents);
        assertNonFatal(client, "E_TOUCH_FAILED TOUCH " + eightAccents + " failed ID not in flight");
    }

    @Test
    void theConnectionStillDeliversAfterANonFatalError() {
        WireClient client = subscribe("t", "c");
        client.fin(UNKNOWN_ID);
        assertNonFatal(client, "E_FIN_FAILED FIN " + UNKNOWN_ID + " failed ID not in flight");

        publish("t", "after the error");
        client.rdy(1);

        Message m = client.readMessage();
        assertThat(m.bodyText()).isEqualTo("after the error");
        client.fin(m.id()).nop();
        client.assertNoFrame(QUIET);
    }

    @Test
    void finishingTwiceFailsTheSecondTime() {
        WireClient client = subscribe("t", "c");
        publish("t", "once");
        client.rdy(1);
        Message m = client.readMessage();

        client.fin(m.id());
        client.fin(m.id());

        assertNonFatal(client, "E_FIN_FAILED FIN " + m.id() + " failed ID not in flight");
    }

    @Test
    void finReqAndTouchOfAnotherConsumersMessageAreRefusedButNotFatal() {
        WireClient owner = subscribe("t", "c");
        WireClient other = subscribe("t", "c");
        publish("t", "mine");
        owner.rdy(1);
        String id = owner.readMessage().id();

        other.fin(id);
        assertNonFatal(other, "E_FIN_FAILED FIN " + id + " failed client does not own message");
        other.req(id, 0);
        assertNonFatal(other, "E_REQ_FAILED REQ " + id + " failed client does not own message");
        other.touch(id);
        assertNonFatal(other, "E_TOUCH_FAILED TOUCH " + id + " failed client does not own message");

        owner.fin(id);
        owner.assertNoFrame(QUIET);
        assertThat(channel("t", "c").inFlightCount()).isZero();
    }

    @Test
    void aMessageOfAnotherChannelIsNotInFlightHere() {
        WireClient owner = subscribe("t", "c1");
        WireClient other = subscribe("t", "c2");
        publish("t", "m");
        owner.rdy(1);
        String id = owner.readMessage().id();

        other.fin(id);

        assertNonFatal(other, "E_FIN_FAILED FIN " + id + " failed ID not in flight");
    }

    @Test
    void anEmptyCountOrTimeoutIsZero() {
        // NSQ's ByteToBase10 parses "" as 0 without an error: "RDY " is RDY 0, "REQ id " requeues at once.
        WireClient consumer = subscribe("t", "c");
        publish("t", "m");
        consumer.rdy(1);
        Message m = consumer.readMessage();

        consumer.send(raw(out -> Commands.line(out, "REQ " + m.id() + " ")));
        Message again = consumer.readMessage();
        consumer.send(raw(out -> Commands.line(out, "RDY ")));
        consumer.fin(again.id());
        publish("t", "not delivered at RDY 0");

        assertThat(again.attempts()).isEqualTo(2);
        consumer.assertNoFrame(QUIET);
        producer().send(raw(out -> {
            Commands.line(out, "DPUB t ");
            out.writeInt(1);
            out.writeByte('x');
        })).expectOk();
        assertThat(channel("t", "c").deferredCount()).isZero();
    }

    @Test
    void countsAndTimeoutsMayHaveMoreThan18Digits() {
        // Found by fuzzing: NSQ's ByteToBase10 takes digits of any length; 19 digits were refused as unparsable.
        WireClient consumer = subscribe("t", "c");
        publish("t", "m");
        consumer.send(raw(out -> Commands.line(out, "RDY 0000000000000000001")));
        Message m = consumer.readMessage();

        consumer.send(raw(out -> Commands.line(out, "REQ " + m.id() + " 00000000000000000000")));

        assertThat(consumer.readMessage().attempts()).isEqualTo(2);
        producer().send(raw(out -> {
            Commands.line(out, "DPUB t 0000000000000001000");
            out.writeInt(1);
            out.writeByte('x');
        })).expectOk();
        assertThat(channel("t", "c").deferredCount()).isEqualTo(1);
    }

    @Test
    void topicNamesOf64CharactersAndEphemeralNamesAreValid() {
        WireClient client = connect();
        String name64 = "a".repeat(64);
        String ephemeral64 = "b".repeat(54) + "#ephemeral";

        client.pub(name64, "x").expectOk();
        client.pub(ephemeral64, "x").expectOk();
        client.pub("A.b_c-9", "x").expectOk();

        assertThat(nsqd().broker().existingTopic(name64)).isNotNull();
        assertThat(nsqd().broker().existingTopic(ephemeral64)).isNotNull();
        client.pub("c".repeat(55) + "#ephemeral", "x");
        assertFatal(client, "E_BAD_TOPIC PUB topic name \"" + "c".repeat(55) + "#ephemeral\" is not valid");
    }

    @Test
    void channelNamesOf64CharactersAreValid() {
        subscribe("t", "c".repeat(64));
        subscribe("t", "d".repeat(54) + "#ephemeral");
    }

    @Test
    void publishedMessageBodiesAreBoundedByMaxMsgSize() {
        options.maxMsgSize = 100;
        WireClient client = connect();

        client.pub("t", "x".repeat(100)).expectOk();
        client.dpub("t", 0, "x".repeat(100)).expectOk();
        client.mpub("t", List.of(utf8("x".repeat(100)))).expectOk();
        client.pub("t", "x".repeat(101));

        assertFatal(client, "E_BAD_MESSAGE PUB message too big 101 > 100");
    }

    @Test
    void dpubAndMpubMessagesAreBoundedByMaxMsgSize() {
        options.maxMsgSize = 100;

        WireClient dpub = connect().dpub("t", 0, "x".repeat(101));
        assertFatal(dpub, "E_BAD_MESSAGE DPUB message too big 101 > 100");
        WireClient mpub = connect().mpub("t", List.of(utf8("ok"), utf8("x".repeat(101))));
        assertFatal(mpub, "E_BAD_MESSAGE MPUB message too big 101 > 100");
    }

    @Test
    void mpubBodiesAreBoundedByMaxBodySize() {
        options.maxBodySize = 100;
        // 4 + 19 * (4 + 1) = 99 bytes: fits; the message count limit is (100 - 4) / 5 = 19
        List<byte[]> nineteen = Collections.nCopies(19, utf8("x"));
        WireClient client = connect();
        client.mpub("t", nineteen).expectOk();
        assertThat(topic("t").messageCount()).isEqualTo(19);

        client.mpub("t", List.of(utf8("x".repeat(93))));
        assertFatal(client, "E_BAD_BODY MPUB body too big 101 > 100");
        WireClient tooMany = connect().send(raw(out -> {
            Commands.line(out, "MPUB t");
            out.writeInt(8);
            out.writeInt(20);
            out.writeInt(0);
        }));
        assertFatal(tooMany, "E_BAD_BODY MPUB invalid message count 20");
    }

    @Test
    void authBodiesAreBoundedByMaxBodySize() {
        options.maxBodySize = 10;

        WireClient client = connect().send(lineAndSize("AUTH", 11));

        assertFatal(client, "E_BAD_BODY AUTH body too big 11 > 10");
    }

    @Test
    void mpubReadsExactlyTheDeclaredBodyAndIgnoresBytesLeftInIt() {
        // docs/compatibility.md: NSQ would parse the three extra bytes as the start of the next command
        WireClient client = connect().send(raw(out -> {
            Commands.line(out, "MPUB t");
            out.writeInt(4 + 4 + 1 + 3);
            out.writeInt(1);
            out.writeInt(1);
            out.writeByte('x');
            out.writeBytes(utf8("FOO"));
            Commands.pub(out, "t", utf8("next"));
        }));

        client.expectOk().expectOk();
        assertThat(topic("t").messageCount()).isEqualTo(2);
    }

    @Test
    void dpubAcceptsExactlyMaxReqTimeout() {
        connect().dpub("t", 3_600_000, "x").expectOk();
    }

    @Test
    void mpubCreatesTheTopicBeforeLookingAtTheBody() {
        WireClient client = connect().send(lineAndSize("MPUB created", 0));

        assertFatal(client, "E_BAD_BODY MPUB invalid body size 0");
        assertThat(nsqd().broker().existingTopic("created")).isNotNull();
    }

    @Test
    void pubWithABadBodyCreatesNoTopic() {
        WireClient client = connect().send(lineAndSize("PUB notcreated", 0));

        assertFatal(client, "E_BAD_MESSAGE PUB invalid message body size 0");
        assertThat(nsqd().broker().existingTopic("notcreated")).isNull();
    }

    @Test
    void aFatalErrorDiscardsTheCommandsPipelinedAfterIt() {
        WireClient client = connect();

        client.send(raw(out -> {
            Commands.line(out, "FOO");
            Commands.pub(out, "after_error", utf8("x"));
        }));

        assertFatal(client, "E_INVALID invalid command FOO");
        assertThat(nsqd().broker().existingTopic("after_error")).isNull();
    }

    // ---- rows ----

    private static Arguments line(String line, String error) {
        String shown = "\"" + line.replace("\r", "\\r") + "\"";
        return Arguments.of(shown, raw(out -> Commands.line(out, line)), error);
    }

    private static Arguments bytes(String description, byte[] line, String error) {
        return Arguments.of(description, line, error);
    }

    private static Arguments sized(String line, int size, String error) {
        return Arguments.of(line + " size " + size, lineAndSize(line, size), error);
    }

    private static Arguments command(String description, Consumer<ByteBuf> encoder, String error) {
        return Arguments.of(description, raw(encoder), error);
    }

    /**
     * An MPUB whose body is the given int32 values, then {@code extraBytes} of {@code 'x'}; the declared body size
     * is exactly what is sent.
     */
    private static Arguments mpub(String description, int[] ints, int extraBytes, String error) {
        return Arguments.of("MPUB " + description, raw(out -> {
            Commands.line(out, "MPUB t");
            out.writeInt(ints.length * 4 + extraBytes);
            for (int i : ints) {
                out.writeInt(i);
            }
            out.writeZero(extraBytes);
        }), error);
    }
}
