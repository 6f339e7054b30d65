package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.common.http.HttpException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MpubReaderTest {

    private static List<String> text(String body, long maxMsg, long maxBody) throws HttpException {
        return MpubReader.readText(body.getBytes(StandardCharsets.UTF_8), maxMsg, maxBody).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    static byte[] binary(int count, int... sizes) {
        ByteBuffer b = ByteBuffer.allocate(4 + sizes.length * 4 + 1000);
        b.putInt(count);
        for (int size : sizes) {
            b.putInt(size);
            b.put(new byte[Math.max(size, 0)]);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    @Test
    void textSplitsOnNewlinesSkippingEmptyLines() throws HttpException {
        assertThat(text("a\nbb\n\nc\r\n", 10, 100)).containsExactly("a", "bb", "c\r");
        assertThat(text("a\nb", 10, 100)).containsExactly("a", "b");
        assertThat(text("", 10, 100)).isEmpty();
    }

    @Test
    void textLimits() {
        assertThatThrownBy(() -> text("12345678901\n", 10, 100)).hasMessage("MSG_TOO_BIG");
        // the body was cut at max+1 bytes: too big once the reader reaches that point
        assertThatThrownBy(() -> text("a\n".repeat(50) + "x", 10, 100)).hasMessage("BODY_TOO_BIG");
        // a line over the message limit before the cut is reported first
        assertThatThrownBy(() -> text("x".repeat(20) + "\n" + "a".repeat(81), 10, 100)).hasMessage("MSG_TOO_BIG");
        assertThatThrownBy(() -> text("x".repeat(101), 1000, 100)).hasMessage("BODY_TOO_BIG");
    }

    @Test
    void binaryReadsCountThenSizedMessages() throws HttpException {
        assertThat(MpubReader.readBinary(binary(2, 3, 1), 10, 100)).extracting(b -> b.length).containsExactly(3, 1);
        byte[] trailing = ByteBuffer.allocate(binary(1, 2).length + 3).put(binary(1, 2)).array();
        assertThat(MpubReader.readBinary(trailing, 10, 100)).hasSize(1);
    }

    @Test
    void binaryErrorsAreTheTcpCodesWithout_E() {
        assertThatThrownBy(() -> MpubReader.readBinary(new byte[3], 10, 100)).hasMessage("BAD_BODY");
        assertThatThrownBy(() -> MpubReader.readBinary(binary(0), 10, 100)).hasMessage("BAD_BODY");
        assertThatThrownBy(() -> MpubReader.readBinary(binary(20, 1), 10, 100)).hasMessage("BAD_BODY");
        assertThatThrownBy(() -> MpubReader.readBinary(binary(2, 1), 10, 100)).hasMessage("BAD_MESSAGE");
        assertThatThrownBy(() -> MpubReader.readBinary(binary(1, 0), 10, 100)).hasMessage("BAD_MESSAGE");
        assertThatThrownBy(() -> MpubReader.readBinary(binary(1, 11), 10, 100)).hasMessage("BAD_MESSAGE");
        byte[] cut = binary(1, 5);
        assertThatThrownBy(() -> MpubReader.readBinary(java.util.Arrays.copyOf(cut, cut.length - 1), 10, 100))
                .hasMessage("BAD_MESSAGE");
    }
}
