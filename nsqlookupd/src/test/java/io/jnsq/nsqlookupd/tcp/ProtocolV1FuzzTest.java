package io.jnsq.nsqlookupd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqlookupd.LookupdTestBase;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.protocol.Frames;
import io.jnsq.testwire.LookupWireClient;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.LogWatch;
import io.jnsq.testwire.fuzz.Mutations;
import io.jnsq.testwire.fuzz.RawExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The V1 decoder over loopback against valid, damaged and random nsqd streams, sent in pieces and then ended
 * (nsqlookupd.md §2): whole responses, an error only as the last one and with one of NSQ's codes, a close instead
 * of a hang, only protocol errors logged, and nsqlookupd still takes an IDENTIFY afterwards; plus NSQ's exact
 * error for random REGISTER and UNREGISTER names. {@code -Djnsq.fuzz.tries=N} runs it longer.
 */
@AddLifecycleHook(FuzzTries.class)
class ProtocolV1FuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final Set<String> CODES = Set.of("E_BAD_PROTOCOL", "E_INVALID", "E_BAD_BODY", "E_BAD_TOPIC",
            "E_BAD_CHANNEL");
    private static Nsqlookupd lookupd;
    private static LogWatch log;

    @BeforeContainer
    static void start() throws IOException {
        NsqlookupdOptions options = new NsqlookupdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        lookupd = new Nsqlookupd(options).start();
        log = LogWatch.capture("io.jnsq.nsqlookupd");
    }

    @AfterContainer
    static void stop() {
        log.close();
        lookupd.close();
    }

    @Property(tries = 200)
    void anyStreamGetsWholeResponsesAndAtMostOneErrorOfNsqs(@ForAll("streams") byte[] input,
            @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 300) Integer> cuts) throws IOException {
        List<String> responses = exchange(input, cuts);

        for (int i = 0; i < responses.size(); i++) {
            String response = responses.get(i);
            if (response.startsWith("E_")) {
                assertThat(response.split(" ", 2)[0]).as(response).isIn(CODES);
                assertThat(i).as("responses after the error %s", response).isEqualTo(responses.size() - 1);
            } else {
                assertThat(response).matches("(?s)OK|\\{.*\\}");
            }
        }
        try (LookupWireClient client = LookupWireClient.connect(lookupd.tcpAddress())) {
            client.identify(LookupdTestBase.NSQD_IDENTIFY);
            assertThat(client.readResponse()).startsWith("{");
        }
    }

    @Property(tries = 100)
    void registerChecksTopicThenChannel(@ForAll("commands") String command, @ForAll("names") String topic,
            @ForAll("names") String channel) throws IOException {
        String line = command + " " + topic + (channel.isEmpty() ? "" : " " + channel);
        byte[] input = stream(out -> {
            out.writeBytes(Frames.MAGIC_V1);
            out.writeBytes(identifyCommand(LookupdTestBase.NSQD_IDENTIFY));
            out.writeBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        });

        List<String> responses = exchange(input, List.of());

        // NSQ trims the line, then splits it on single spaces
        String[] params = line.trim().split(" ", -1);
        String expected = "OK";
        if (params.length < 2) {
            expected = "E_INVALID " + command + " insufficient number of params";
        } else if (!isValidName(params[1])) {
            expected = "E_BAD_TOPIC " + command + " topic name '" + params[1] + "' is not valid";
        } else if (params.length > 2 && !params[2].isEmpty() && !isValidName(params[2])) {
            expected = "E_BAD_CHANNEL " + command + " channel name '" + params[2] + "' is not valid";
        }
        assertThat(responses).hasSize(2);
        assertThat(responses.get(1)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<String> names = names();
        Arbitrary<byte[]> command = Arbitraries.oneOf(
                identifyJson().map(ProtocolV1FuzzTest::identifyCommand),
                Combinators.combine(commands(), names, names).as((c, t, ch) -> (c + " " + t + " " + ch + "\n")
                        .getBytes(StandardCharsets.ISO_8859_1)),
                Combinators.combine(commands(), names).as((c, t) -> (c + " " + t + "\n")
                        .getBytes(StandardCharsets.ISO_8859_1)),
                Arbitraries.of("PING\n", "  PING \r\n", "REGISTER\n", "ping\n", "\n", "IDENTIFY\n")
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)));
        Arbitrary<byte[]> valid = command.list().ofMinSize(1).ofMaxSize(5).map(commands -> stream(out -> {
            out.writeBytes(Frames.MAGIC_V1);
            commands.forEach(out::writeBytes);
        }));
        return Mutations.validMutatedOrRandom(valid, 300);
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of("REGISTER", "UNREGISTER");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("t", "t#ephemeral", "c#ephemeral", "x".repeat(64), "x".repeat(65),
                "t#ephemeralx", "", "a.b-c_d"), Arbitraries.strings().withCharRange('!', '~').withChars('\u00e9')
                .ofMaxLength(8));
    }

    private static Arbitrary<String> identifyJson() {
        Arbitrary<String> value = Arbitraries.of("\"h\"", "\"\"", "4150", "0", "-1", "1.5", "null", "true",
                "\"1.3.0\"", "[]", "{}", "99999999999999999999");
        Arbitrary<String> field = Combinators.combine(Arbitraries.of("broadcast_address", "hostname", "tcp_port",
                "http_port", "version", "topology_zone", "BROADCAST_ADDRESS", "other"), value)
                .as((k, v) -> "\"" + k + "\":" + v);
        return Arbitraries.oneOf(Arbitraries.just(LookupdTestBase.NSQD_IDENTIFY),
                field.list().ofMaxSize(7).map(fs -> "{" + String.join(",", fs) + "}"));
    }

    private static byte[] identifyCommand(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return stream(out -> {
            out.writeBytes("IDENTIFY\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
            out.writeBytes(body);
        });
    }

    private static byte[] stream(java.util.function.Consumer<ByteArrayOutputStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(out);
        return out.toByteArray();
    }

    /** The responses nsqlookupd sent before it closed, as text (their bytes as ISO-8859-1). */
    private static List<String> exchange(byte[] input, List<Integer> cuts) throws IOException {
        RawExchange.Answer answer = RawExchange.exchange(lookupd.tcpAddress(), input,
                cuts.stream().mapToInt(Integer::intValue).toArray(), LIMIT);
        assertThat(answer.closed()).as("nsqlookupd closes the connection once the input ended").isTrue();
        assertThat(log.takeErrors()).allMatch(e -> e.matches("(?s)io\\.jnsq\\.nsqlookupd\\.tcp\\.ProtocolV1Handler: "
                + "(\\[.*\\] - E_[A-Z_]+( .*)?|client\\(.*\\) bad protocol magic '.*'|"
                + "\\[.*\\] - failed to read command - line longer than \\d+ bytes)"), "a protocol error");
        ByteBuffer in = ByteBuffer.wrap(answer.bytes());
        List<String> responses = new ArrayList<>();
        while (in.hasRemaining()) {
            assertThat(in.remaining()).as("response size").isGreaterThanOrEqualTo(4);
            int size = in.getInt();
            assertThat(size).as("response size").isBetween(0, in.remaining());
            byte[] data = new byte[size];
            in.get(data);
            responses.add(new String(data, StandardCharsets.ISO_8859_1));
        }
        return responses;
    }

    private static boolean isValidName(String name) {
        return name.matches("[.a-zA-Z0-9_-]+(#ephemeral)?") && name.length() <= 64;
    }
}
