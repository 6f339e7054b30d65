package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.FuzzNsqdProperties;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.GoQuote;
import io.jnsq.protocol.Verb;
import io.jnsq.testwire.fuzz.FuzzTries;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * NSQ's exact error for random bad input to one command at a time (nsqd.md §2.7), against a model of NSQ's checks
 * written from the reference rather than from our code; the documented differences (docs/compatibility.md) are
 * part of the model.
 */
@AddLifecycleHook(FuzzTries.class)
class ProtocolV2ErrorsFuzzTest extends FuzzNsqdProperties {
    private static final long MAX_MSG_SIZE = 1024 * 1024;
    private static final long MAX_BODY_SIZE = 5 * 1024 * 1024;
    private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);
    @Property(tries = 100)
    void anUnknownCommandIsInvalid(@ForAll("words") String name) throws IOException {
        V2Answer answer = send(name + "\n");

        assertError(answer, 0, "E_INVALID invalid command " + name);
    }

    @Property(tries = 100)
    void rdyTakesDigitsWithinMaxRdyCount(@ForAll("counts") String count) throws IOException {
        V2Answer answer = send("SUB fz_rdy ch\nRDY " + count + "\n");

        String expected = null;
        if (!isDigits(count)) {
            expected = "E_INVALID RDY could not parse count " + count;
        } else if (value(count).compareTo(BigInteger.valueOf(2500)) > 0) {
            expected = "E_INVALID RDY count " + shown(count) + " out of range 0-2500";
        }
        assertOkThen(answer, expected);
    }

    @Property(tries = 100)
    void reqTakesDigitsAndClampsThem(@ForAll("counts") String timeout) throws IOException {
        V2Answer answer = send("SUB fz_req ch\nREQ 0000000000000000 " + timeout + "\n");

        if (isDigits(timeout)) {
            assertThat(answer.frames()).hasSize(2);
            assertThat(answer.frames().get(1).text())
                    .isEqualTo("E_REQ_FAILED REQ 0000000000000000 failed ID not in flight");
        } else {
            assertOkThen(answer, "E_INVALID REQ could not parse timeout " + timeout);
        }
    }

    @Property(tries = 100)
    void dpubTakesDigitsWithinMaxReqTimeout(@ForAll("counts") String timeout) throws IOException {
        V2Answer answer = send(ProtocolV2TestBase.raw(out -> {
            Commands.line(out, "DPUB fz_dpub " + timeout);
            out.writeInt(1).writeByte('x');
        }));

        if (!isDigits(timeout)) {
            assertError(answer, 0, "E_INVALID DPUB could not parse timeout " + timeout);
        } else if (value(timeout).compareTo(BigInteger.valueOf(3_600_000)) > 0) {
            assertError(answer, 0, "E_INVALID DPUB timeout " + shown(timeout) + " out of range 0-3600000");
        } else {
            assertOk(answer);
        }
    }

    @Property(tries = 150)
    void pubChecksTopicThenSizeThenBody(@ForAll("topics") String topic, @ForAll("sizes") int size,
            @ForAll @IntRange(max = 80) int sent) throws IOException {
        byte[] body = new byte[Math.max(0, Math.min(sent, size))];
        V2Answer answer = send(ProtocolV2TestBase.raw(out -> {
            Commands.line(out, "PUB " + topic);
            out.writeInt(size).writeBytes(body);
        }));

        if (!isValidTopic(topic)) {
            String wire = new String(topic.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertError(answer, 0, "E_BAD_TOPIC PUB topic name " + GoQuote.quote(wire) + " is not valid");
        } else if (size <= 0) {
            assertError(answer, 0, "E_BAD_MESSAGE PUB invalid message body size " + size);
        } else if (size > MAX_MSG_SIZE) {
            assertError(answer, 0, "E_BAD_MESSAGE PUB message too big " + size + " > " + MAX_MSG_SIZE);
        } else if (body.length < size) {
            assertError(answer, 0, "E_BAD_MESSAGE PUB failed to read message body");
        } else {
            assertOk(answer);
        }
    }

    /** MPUB bodies built from a declared count and declared sizes that may disagree with what follows. */
    @Property(tries = 200)
    void mpubChecksItsBodyInNsqsOrder(@ForAll("sizes") int count, @ForAll("messageSizes") List<Integer> sizes,
            @ForAll @IntRange(max = 40) int cutAtEnd) throws IOException {
        ByteBuffer built = ByteBuffer.allocate(4 + sizes.size() * (4 + 40));
        built.putInt(count);
        for (int size : sizes) {
            built.putInt(size);
            built.put(new byte[Math.max(0, Math.min(size, 40))]);
        }
        byte[] body = Arrays.copyOf(built.array(), Math.max(1, built.position() - cutAtEnd));
        V2Answer answer = send(ProtocolV2TestBase.raw(out -> {
            Commands.line(out, "MPUB fz_mpub");
            out.writeInt(body.length).writeBytes(body);
        }));

        String expected = mpubError(body);
        if (expected == null) {
            assertOk(answer);
        } else {
            assertError(answer, 0, expected);
        }
    }

    /** NSQ's readMPUB over exactly the declared body (nsqd.md §2.7 MPUB, with our documented body bound). */
    private static String mpubError(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        if (in.remaining() < 4) {
            return "E_BAD_BODY MPUB failed to read message count";
        }
        int count = in.getInt();
        if (count <= 0 || count > (MAX_BODY_SIZE - 4) / 5) {
            return "E_BAD_BODY MPUB invalid message count " + count;
        }
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                return "E_BAD_MESSAGE MPUB failed to read message(" + i + ") body size";
            }
            int size = in.getInt();
            if (size <= 0) {
                return "E_BAD_MESSAGE MPUB invalid message(" + i + ") body size " + size;
            }
            if (size > MAX_MSG_SIZE) {
                return "E_BAD_MESSAGE MPUB message too big " + size + " > " + MAX_MSG_SIZE;
            }
            if (in.remaining() < size) {
                return "E_BAD_MESSAGE MPUB failed to read message body";
            }
            in.position(in.position() + size);
        }
        return null;
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('!', '~').withChars("\u00e9\u0000\t#").ofMaxLength(10)
                .filter(w -> Arrays.stream(Verb.values()).noneMatch(v -> v.name().equals(w)));
    }

    /** Numbers as NSQ's ByteToBase10 sees them: digits of any length (leading zeros too), or anything else. */
    @Provide
    Arbitrary<String> counts() {
        return Arbitraries.oneOf(V2Streams.numbers(), Arbitraries.strings().numeric().ofMinLength(17).ofMaxLength(25),
                Arbitraries.strings().numeric().ofMaxLength(6).map(d -> "0".repeat(19) + d), words());
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.oneOf(V2Streams.topics().filter(t -> t.chars().noneMatch(c -> " \r\n".indexOf(c) >= 0)),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(66));
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 80),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, (int) MAX_MSG_SIZE, (int) MAX_MSG_SIZE + 1,
                        (int) ((MAX_BODY_SIZE - 4) / 5), (int) ((MAX_BODY_SIZE - 4) / 5) + 1));
    }

    @Provide
    Arbitrary<List<Integer>> messageSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-1, 40),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, (int) MAX_MSG_SIZE + 1)).list().ofMaxSize(5);
    }

    private static V2Answer send(String commands) throws IOException {
        return send(commands.getBytes(StandardCharsets.UTF_8));
    }

    private static V2Answer send(byte[] commands) throws IOException {
        byte[] input = new byte[4 + commands.length];
        System.arraycopy(Frames.MAGIC_V2, 0, input, 0, 4);
        System.arraycopy(commands, 0, input, 4, commands.length);
        return V2Answer.exchange(nsqd, input, List.of());
    }

    /** An OK (of a SUB), then the error if one is expected, else nothing. */
    private static void assertOkThen(V2Answer answer, String error) {
        assertThat(answer.frames().get(0).text()).isEqualTo("OK");
        if (error == null) {
            assertThat(answer.frames()).hasSize(1);
        } else {
            assertError(answer, 1, error);
        }
    }

    /** Exactly this error as frame {@code index}, and the last frame. */
    private static void assertError(V2Answer answer, int index, String text) {
        assertThat(answer.frames()).hasSize(index + 1);
        assertThat(answer.frames().get(index).type()).isEqualTo(1);
        assertThat(answer.frames().get(index).text()).isEqualTo(text);
    }

    private static void assertOk(V2Answer answer) {
        assertThat(answer.frames()).hasSize(1);
        assertThat(answer.frames().get(0).text()).isEqualTo("OK");
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static BigInteger value(String digits) {
        return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
    }

    /**
     * The number an out-of-range error shows: NSQ's wraps past 2^64 (and turns negative past 2^63); ours stops at
     * 2^63-1 (docs/compatibility.md).
     */
    private static String shown(String digits) {
        return value(digits).min(MAX_INT64).toString();
    }

    private static boolean isValidTopic(String name) {
        return name.matches("[.a-zA-Z0-9_-]+(#ephemeral)?") && name.length() <= 64;
    }
}
