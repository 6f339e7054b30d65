package io.jnsq.nsqd.tcp;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Valid V2 client streams: the magic, then a few commands of every kind, with names, numbers and IDENTIFY fields
 * that are mostly right and sometimes at or past an edge. Fuzz tests damage them with
 * {@link io.jnsq.testwire.fuzz.Mutations}.
 */
final class V2Streams {
    private V2Streams() {
    }

    static Arbitrary<byte[]> streams() {
        return command().list().ofMinSize(1).ofMaxSize(6).map(commands -> ProtocolV2TestBase.raw(out -> {
            out.writeBytes(Frames.MAGIC_V2);
            commands.forEach(c -> c.accept(out));
        }));
    }

    static Arbitrary<String> topics() {
        return Arbitraries.oneOf(Arbitraries.of("fz", "fz#ephemeral", "fz.2-_x", "x".repeat(64), "x".repeat(65),
                "bad topic", "t#ephemeralx", ""), Arbitraries.strings().ofMaxLength(8));
    }

    /** Digits mostly, and the numbers and non-numbers at the edges of RDY, REQ and DPUB. */
    static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.of("0", "1", "2500", "2501", "3600000", "3600001", "-1", "", "1e3",
                "99999999999999999999", "0000000000000000001", "18446744073709551617"),
                Arbitraries.strings().numeric().ofMaxLength(22), Arbitraries.longs().map(String::valueOf));
    }

    static Arbitrary<String> messageIds() {
        return Arbitraries.oneOf(Arbitraries.of("0000000000000000", "ffffffffffffffff", "000000000000000g",
                "00000000000000000", ""), Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(16));
    }

    private static Arbitrary<Consumer<ByteBuf>> command() {
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        return Arbitraries.oneOf(
                identifyJson().map(json -> out -> Commands.identify(out, json)),
                bodies.map(secret -> out -> Commands.auth(out, secret)),
                Combinators.combine(topics(), Arbitraries.of("ch", "ch#ephemeral", "bad ch", "")).as(
                        (t, c) -> out -> Commands.sub(out, t, c)),
                numbers().map(n -> out -> Commands.line(out, "RDY " + n)),
                messageIds().map(id -> out -> Commands.line(out, "FIN " + id)),
                Combinators.combine(messageIds(), numbers()).as((id, n) -> out -> Commands.line(out,
                        "REQ " + id + " " + n)),
                messageIds().map(id -> out -> Commands.line(out, "TOUCH " + id)),
                Arbitraries.just(Commands::nop),
                Arbitraries.just(Commands::cls),
                Combinators.combine(topics(), bodies).as((t, b) -> out -> Commands.pub(out, t, b)),
                Combinators.combine(topics(), bodies.list().ofMinSize(1).ofMaxSize(4)).as(
                        (t, b) -> out -> Commands.mpub(out, t, b)),
                Combinators.combine(topics(), numbers(), bodies).as((t, n, b) -> out -> {
                    Commands.line(out, "DPUB " + t + " " + n);
                    out.writeInt(b.length).writeBytes(b);
                }),
                Arbitraries.strings().ofMaxLength(12).map(line -> out -> Commands.line(out, line)));
    }

    /** IDENTIFY bodies: known fields with values in and out of range, of the right type or not. */
    static Arbitrary<String> identifyJson() {
        Arbitrary<String> ints = Arbitraries.oneOf(Arbitraries.of("-1", "0", "1", "999", "1000", "64", "63", "100",
                "99", "60000", "300000", "2147483648", "-2", "1.5", "\"1000\"", "true", "null"),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<String> bools = Arbitraries.of("true", "false", "1", "\"true\"", "null");
        Arbitrary<String> strings = Arbitraries.oneOf(Arbitraries.of("\"\"", "\"h\"", "1", "null", "\"\\u0000\""),
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
        Arbitrary<String> field = Arbitraries.oneOf(
                fields(ints, "heartbeat_interval", "output_buffer_size", "output_buffer_timeout", "sample_rate",
                        "msg_timeout", "deflate_level"),
                fields(bools, "feature_negotiation", "tls_v1", "deflate", "snappy"),
                fields(strings, "client_id", "hostname", "user_agent", "topology_region", "unknown"));
        return field.list().ofMaxSize(6).map(fs -> "{" + String.join(",", fs) + "}");
    }

    private static Arbitrary<String> fields(Arbitrary<String> values, String... names) {
        return Combinators.combine(Arbitraries.of(names), values).as((n, v) -> "\"" + n + "\":" + v);
    }


    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
