package io.jnsq.nsqd.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsdPacketsTest {
    private static List<String> texts(List<byte[]> packets) {
        return packets.stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void linesFillAPacketUpToItsSizeNewlinesIncluded() {
        // "aaaa\n" is 5 bytes: two fill 10 exactly, the third starts the next packet
        assertThat(texts(StatsdPackets.pack(List.of("aaaa", "bbbb", "cccc"), 10)))
                .containsExactly("aaaa\nbbbb\n", "cccc\n");
    }

    @Test
    void aLineThatDoesNotFitStartsTheNextPacketWhole() {
        assertThat(texts(StatsdPackets.pack(List.of("aaaa", "bbbbbb", "c"), 10)))
                .containsExactly("aaaa\n", "bbbbbb\nc\n");
    }

    @Test
    void aLineLongerThanAPacketTravelsAlone() {
        assertThat(texts(StatsdPackets.pack(List.of("a", "bbbbbbbbbbbb", "c"), 10)))
                .containsExactly("a\n", "bbbbbbbbbbbb\n", "c\n");
    }

    @Test
    void noLinesNoPackets() {
        assertThat(StatsdPackets.pack(List.of(), 508)).isEmpty();
    }

    @Test
    void aSizeOfZeroOrLessMeansGosDefaultBufferOf4096() {
        String line = "x".repeat(99);
        List<byte[]> packets = StatsdPackets.pack(Collections.nCopies(100, line), 0);
        assertThat(packets).hasSize(3);
        assertThat(packets.get(0)).hasSize(40 * 100);
    }
}
