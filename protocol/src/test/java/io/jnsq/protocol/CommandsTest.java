package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static final String ID = "0123456789abcdef";

    @Test
    void identifyHasSizedJsonBody() {
        assertThat(encode(out -> Commands.identify(out, "{\"a\":1}")))
                .isEqualTo(text("IDENTIFY\n") + "00000007" + text("{\"a\":1}"));
    }

    @Test
    void identifyBodySizeCountsUtf8Bytes() {
        String json = "{\"client_id\":\"é\"}";

        assertThat(encode(out -> Commands.identify(out, json)))
                .isEqualTo(text("IDENTIFY\n") + "00000012" + text(json));
    }

    @Test
    void authHasSizedSecret() {
        assertThat(encode(out -> Commands.auth(out, utf8("s3cret"))))
                .isEqualTo(text("AUTH\n") + "00000006" + text("s3cret"));
    }

    @Test
    void lineCommands() {
        assertThat(encode(out -> Commands.sub(out, "t", "c"))).isEqualTo(text("SUB t c\n"));
        assertThat(encode(out -> Commands.rdy(out, 100))).isEqualTo(text("RDY 100\n"));
        assertThat(encode(out -> Commands.fin(out, ID))).isEqualTo(text("FIN " + ID + "\n"));
        ByteBuf id = Unpooled.wrappedBuffer(ID.getBytes(StandardCharsets.US_ASCII));
        assertThat(encode(out -> Commands.fin(out, id.getLong(0), id.getLong(8)))).isEqualTo(text("FIN " + ID + "\n"));
        assertThat(encode(out -> Commands.req(out, ID, 1500))).isEqualTo(text("REQ " + ID + " 1500\n"));
        assertThat(encode(out -> Commands.touch(out, ID))).isEqualTo(text("TOUCH " + ID + "\n"));
        assertThat(encode(Commands::nop)).isEqualTo(text("NOP\n"));
        assertThat(encode(Commands::cls)).isEqualTo(text("CLS\n"));
        assertThat(encode(out -> Commands.line(out, "FOO a b"))).isEqualTo(text("FOO a b\n"));
    }

    @Test
    void pubHasSizedBody() {
        assertThat(encode(out -> Commands.pub(out, "t", utf8("hi"))))
                .isEqualTo(text("PUB t\n") + "00000002" + text("hi"));
    }

    @Test
    void dpubHasDeferAndSizedBody() {
        assertThat(encode(out -> Commands.dpub(out, "t", 1200, utf8("hi"))))
                .isEqualTo(text("DPUB t 1200\n") + "00000002" + text("hi"));
    }

    @Test
    void mpubBodySizeCoversCountAndEverySizedMessage() {
        String bytes = encode(out -> Commands.mpub(out, "t", List.of(utf8("a"), utf8("bc"))));

        // body size = count (4) + (4 + 1) + (4 + 2) = 15
        assertThat(bytes).isEqualTo(text("MPUB t\n") + "0000000f" + "00000002"
                + "00000001" + text("a") + "00000002" + text("bc"));
    }

    @Test
    void mpubOfNothingIsJustTheCount() {
        assertThat(encode(out -> Commands.mpub(out, "t", List.of())))
                .isEqualTo(text("MPUB t\n") + "00000004" + "00000000");
    }

    private static String encode(Consumer<ByteBuf> command) {
        ByteBuf out = Unpooled.buffer();
        command.accept(out);
        return ByteBufUtil.hexDump(out);
    }

    private static String text(String s) {
        return HexFormat.of().formatHex(utf8(s));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
