package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdTest {

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 0x18a31420afa69000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L})
    void roundTripsThroughHex(long id) {
        String hex = MessageId.toHex(id);

        assertThat(hex).hasSize(MessageId.LENGTH).matches("[0-9a-f]{16}");
        assertThat(MessageId.isValid(hex)).isTrue();
        assertThat(MessageId.parse(hex)).isEqualTo(id);
    }

    @Test
    void hexIsBigEndian() {
        assertThat(MessageId.toHex(0x18a31420afa69000L)).isEqualTo("18a31420afa69000");
        assertThat(MessageId.toHex(1L)).isEqualTo("0000000000000001");
        assertThat(MessageId.toHex(-1L)).isEqualTo("ffffffffffffffff");
    }

    @Test
    void writeMatchesToHex() {
        ByteBuf out = Unpooled.buffer();

        MessageId.write(out, 0xfedcba9876543210L);

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("fedcba9876543210");
    }

    @ParameterizedTest
    @ValueSource(strings = {"18A31420AFA69000", "18a31420afa6900F", "18a31420afa6900g", "18a31420afa6900 ",
        "18a31420afa6900", "18a31420afa690000", "", "-8a31420afa69000", "0x8a31420afa6900"})
    void upperCaseNonHexAndWrongLengthAreInvalid(String id) {
        assertThat(MessageId.isValid(id)).isFalse();
        assertThatThrownBy(() -> MessageId.parse(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 0x18a31420afa69000L, Long.MIN_VALUE, -1L})
    void parsesTheSixteenBytesAtAnOffsetAsTheStringWouldBe(long id) {
        byte[] record = ("xx" + MessageId.toHex(id) + "yy").getBytes(StandardCharsets.US_ASCII);

        assertThat(MessageId.isValid(record, 2)).isTrue();
        assertThat(MessageId.parse(record, 2)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"18A31420AFA69000", "18a31420afa6900g", "18a31420afa6900 ", "-8a31420afa69000",
        "18a31420afa6900\u00e9"})
    void bytesThatAreNotLowercaseHexAreInvalid(String id) {
        byte[] record = ("x" + id).getBytes(StandardCharsets.ISO_8859_1);

        assertThat(MessageId.isValid(record, 1)).isFalse();
        assertThatThrownBy(() -> MessageId.parse(record, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a message ID: " + id);
    }
}
