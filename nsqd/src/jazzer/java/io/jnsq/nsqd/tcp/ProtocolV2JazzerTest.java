package io.jnsq.nsqd.tcp;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnsq.nsqd.FuzzNsqd;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The V2 decoder under Jazzer: the same oracle as {@link ProtocolV2FuzzTest} (whole frames, NSQ's errors with
 * NSQ's fatality, the connection closed once the input ends, nothing logged but protocol errors, nsqd still
 * publishing), with input that coverage of jnsq's code guides rather than jqwik's random and mutated streams.
 * Run only with {@code -Pjazzer}; without {@code JAZZER_FUZZ=1} it replays its seeds (docs/reliability.md).
 */
class ProtocolV2JazzerTest {
    /** The first byte of an input says how many cuts follow, each a byte; the rest is the client's stream. */
    private static final int MAX_CUTS = 3;
    /** Far more than {@link FuzzNsqd#LIMIT}: the first tries load nsqd's classes, which Jazzer instruments. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static FuzzNsqd nsqd;

    @BeforeAll
    static void startNsqd() throws IOException {
        nsqd = new FuzzNsqd(LIMIT);
    }

    @AfterAll
    static void stopNsqd() throws IOException {
        nsqd.close();
    }

    @MethodSource("seeds")
    // without newlines or quotes, which Jazzer does not escape in the dictionary file it writes for libFuzzer
    @DictionaryEntries({"  V2", "IDENTIFY", "AUTH", "SUB ", "RDY ", "FIN ", "REQ ", "TOUCH ", "NOP", "CLS", "PUB ",
        "MPUB ", "DPUB ", "#ephemeral", "msg_timeout", "heartbeat_interval", "output_buffer_size",
        "output_buffer_timeout", "sample_rate", "deflate_level", "deflate", "snappy", "tls_v1",
        "feature_negotiation", "client_id", "hostname", "user_agent"})
    // the whole fuzzing run is one invocation; each input still has the 60 s of surefire's default timeout
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @FuzzTest(maxDuration = "5m")
    void anyStreamGetsWholeFramesAndNsqsErrors(byte[] input) throws IOException {
        int cutCount = input.length == 0 ? 0 : (input[0] & 0xff) % (MAX_CUTS + 1);
        int streamStart = Math.min(input.length, 1 + cutCount);
        List<Integer> cuts = new ArrayList<>(cutCount);
        for (int i = 1; i < streamStart; i++) {
            cuts.add((input[i] & 0xff) + 1);
        }
        // Jazzer's SSRF detector reports every connection unless allowed: this test makes its own, to its nsqd
        try (SilentCloseable ownNsqd = BugDetectors.allowNetworkConnections(
                (host, port) -> port == nsqd.tcpAddress().getPort())) {
            V2Answer answer = V2Answer.exchange(nsqd, Arrays.copyOfRange(input, streamStart, input.length), cuts);

            answer.assertNsqErrors();
            nsqd.assertStillPublishes();
        }
    }

    /** A session of every command, published messages, and commands cut inside a body, each sent whole and cut. */
    static Stream<byte[]> seeds() {
        byte[] body = "body".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> streams = List.of(
                stream(out -> {
                    Commands.identify(out, "{\"client_id\":\"fz\",\"msg_timeout\":1000,\"sample_rate\":50}");
                    Commands.sub(out, "fz", "ch");
                    Commands.rdy(out, 2);
                    Commands.fin(out, "0000000000000000");
                    Commands.req(out, "0000000000000000", 10);
                    Commands.touch(out, "0000000000000000");
                    Commands.nop(out);
                    Commands.cls(out);
                }),
                stream(out -> {
                    Commands.pub(out, "fz", body);
                    Commands.mpub(out, "fz#ephemeral", List.of(body, body));
                    Commands.dpub(out, "fz", 100, body);
                    Commands.auth(out, body);
                }),
                stream(out -> {
                    Commands.line(out, "PUB fz");
                    out.writeInt(10).writeBytes(body);
                }));
        return streams.stream().flatMap(s -> Stream.of(withCuts(s), withCuts(s, 3, 12, 30)));
    }

    private static byte[] stream(Consumer<ByteBuf> commands) {
        return ProtocolV2TestBase.raw(out -> {
            out.writeBytes(Frames.MAGIC_V2);
            commands.accept(out);
        });
    }

    private static byte[] withCuts(byte[] stream, int... cuts) {
        return ProtocolV2TestBase.raw(out -> {
            out.writeByte(cuts.length);
            for (int cut : cuts) {
                out.writeByte(cut - 1);
            }
            out.writeBytes(stream);
        });
    }
}
