package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LookupCommandsTest {
    private static String encoded(Consumer<ByteBuf> command) {
        ByteBuf out = Unpooled.buffer();
        command.accept(out);
        return new String(ByteBufUtil.getBytes(out), StandardCharsets.ISO_8859_1);
    }

    @Test
    void registrationsNameTheChannelOnlyWhenThereIsOne() {
        assertThat(encoded(out -> LookupCommands.register(out, "t", ""))).isEqualTo("REGISTER t\n");
        assertThat(encoded(out -> LookupCommands.register(out, "t", "c"))).isEqualTo("REGISTER t c\n");
        assertThat(encoded(out -> LookupCommands.unregister(out, "t", ""))).isEqualTo("UNREGISTER t\n");
        assertThat(encoded(out -> LookupCommands.unregister(out, "t", "c#ephemeral")))
                .isEqualTo("UNREGISTER t c#ephemeral\n");
    }

    @Test
    void pingAndIdentify() {
        assertThat(encoded(LookupCommands::ping)).isEqualTo("PING\n");
        assertThat(encoded(out -> LookupCommands.identify(out, "{}"))).isEqualTo("IDENTIFY\n\0\0\0\2{}");
    }
}
