package io.jnsq.nsqadmin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.common.http.HttpListener;
import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code /config/:opt} from a peer whose address is no IP address (NSQ: {@code net.SplitHostPort} of the request's
 * RemoteAddr fails), which no TCP connection gives: served over an {@code EmbeddedChannel}.
 */
class ConfigApiTest {
    private static String get(String allowConfigFromCidr, String path) {
        NsqadminOptions options = new NsqadminOptions();
        options.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
        options.allowConfigFromCidr = allowConfigFromCidr;
        EmbeddedChannel channel = new EmbeddedChannel();
        HttpListener.serve(channel, NsqadminHttpApi.routes(new Nsqadmin(options)), null, false);
        channel.writeInbound(Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n",
                StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }

    @Test
    void anUnparsableRemoteAddressIsRefusedWhenOnlySomeMayConfigure() {
        String response = get("127.0.0.1/8", "/config/log_level");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("{\"message\":\"INVALID_REMOTE_ADDR\"}");
    }

    @Test
    void anyoneMayConfigureWithoutACidr() {
        String response = get("", "/config/log_level");

        // log_level as NSQ shows it: the level as a number, info being 2
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n2");
    }
}
