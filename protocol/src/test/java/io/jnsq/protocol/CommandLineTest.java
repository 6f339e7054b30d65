package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void trailingCarriageReturnIsStripped() {
        CommandLine line = parse("PUB t\r");

        assertThat(line.name()).isEqualTo("PUB");
        assertThat(line.params()).containsExactly("t");
    }

    @Test
    void onlyOneTrailingCarriageReturnIsStripped() {
        assertThat(parse("PUB t\r\r").params()).containsExactly("t\r");
    }

    @Test
    void twoSpacesMakeAnEmptyParam() {
        CommandLine line = parse("SUB a  b");

        assertThat(line.name()).isEqualTo("SUB");
        assertThat(line.params()).containsExactly("a", "", "b");
        assertThat(line.paramCount()).isEqualTo(3);
        assertThat(line.param(2)).isEqualTo("b");
    }

    @Test
    void trailingSpaceMakesAnEmptyLastParam() {
        assertThat(parse("PUB ").params()).containsExactly("");
    }

    @Test
    void emptyLineHasEmptyName() {
        CommandLine line = parse("");

        assertThat(line.name()).isEmpty();
        assertThat(line.params()).isEmpty();
    }

    @Test
    void loneCarriageReturnIsAnEmptyLine() {
        assertThat(parse("\r").name()).isEmpty();
    }

    @Test
    void nameWithoutParams() {
        CommandLine line = parse("NOP");

        assertThat(line.name()).isEqualTo("NOP");
        assertThat(line.params()).isEmpty();
        assertThat(line.paramCount()).isZero();
    }

    @Test
    void nameIsNotNormalised() {
        assertThat(parse("nop").name()).isEqualTo("nop");
    }

    @Test
    void consumesExactlyTheLineBytes() {
        ByteBuf in = Unpooled.copiedBuffer("FIN 0123456789abcdef\nNOP\n", StandardCharsets.US_ASCII);

        CommandLine line = CommandLine.parse(in, 20);

        assertThat(line.params()).containsExactly("0123456789abcdef");
        assertThat(in.readByte()).isEqualTo((byte) '\n');
        assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("NOP\n");
    }

    private static CommandLine parse(String text) {
        ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        return CommandLine.parse(in, in.readableBytes());
    }
}
