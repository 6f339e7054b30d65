package io.jnsq.nsqd.tcp;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.FuzzNsqd;
import io.jnsq.testwire.fuzz.RawExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What nsqd sent on one fuzz connection, cut into frames, and the rules every such answer keeps (nsqd.md §2.2,
 * §2.7.1): whole frames of the three types only; an error frame carries one of NSQ's codes; an error is the last
 * frame unless it is one of the three that keep the connection.
 */
record V2Answer(List<Frame> frames) {
    static final Set<String> NON_FATAL = Set.of("E_FIN_FAILED", "E_REQ_FAILED", "E_TOUCH_FAILED");
    static final Set<String> FATAL = Set.of("E_BAD_PROTOCOL", "E_INVALID", "E_BAD_BODY", "E_BAD_TOPIC",
            "E_BAD_CHANNEL", "E_BAD_MESSAGE", "E_IDENTIFY_FAILED", "E_SUB_FAILED", "E_PUB_FAILED", "E_MPUB_FAILED",
            "E_DPUB_FAILED", "E_AUTH_DISABLED", "E_AUTH_FAILED", "E_AUTH_FIRST", "E_UNAUTHORIZED", "E_AUTH_ERROR");
    private static final Set<String> ALL = Stream.concat(FATAL.stream(), NON_FATAL.stream()).collect(toSet());

    record Frame(int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        String code() {
            String text = text();
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        }
    }

    /**
     * Sends the input, ends it, and returns the frames nsqd answered before it closed the connection; fails if it
     * did not close, or logged an error other than a protocol error it answered or an over-long line (anything
     * else is an exception that escaped a decoder, or worse).
     */
    static V2Answer exchange(FuzzNsqd nsqd, byte[] input, List<Integer> cuts) throws IOException {
        RawExchange.Answer answer = RawExchange.exchange(nsqd.tcpAddress(), input,
                cuts.stream().mapToInt(Integer::intValue).toArray(), nsqd.limit());
        assertThat(answer.closed()).as("nsqd closes the connection once the input ended").isTrue();
        assertThat(nsqd.takeErrors()).allMatch(e -> e.matches("(?s)io\\.jnsq\\.nsqd\\.tcp\\.ProtocolV2Handler: "
                + "\\[.*\\] - (E_[A-Z_]+( .*)?|failed to read command - line longer than \\d+ bytes)"),
                "a protocol error");
        return parse(answer.bytes());
    }

    /** Cuts the bytes into frames, failing on a frame that is cut short or of an unknown type. */
    static V2Answer parse(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            assertThat(in.remaining()).as("frame header").isGreaterThanOrEqualTo(8);
            int size = in.getInt();
            assertThat(size).as("frame size").isBetween(4, in.remaining());
            int type = in.getInt();
            assertThat(type).as("frame type").isBetween(0, 2);
            byte[] data = new byte[size - 4];
            in.get(data);
            frames.add(new Frame(type, data));
        }
        return new V2Answer(frames);
    }

    /** Codes are NSQ's, each with its fatality, and nothing follows a fatal error. */
    void assertNsqErrors() {
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            if (frame.type() != 1) {
                continue;
            }
            String code = frame.code();
            assertThat(code).as("error %s", frame.text()).isIn(ALL);
            if (FATAL.contains(code)) {
                assertThat(i).as("frames after the fatal %s", frame.text()).isEqualTo(frames.size() - 1);
            }
        }
    }
}
