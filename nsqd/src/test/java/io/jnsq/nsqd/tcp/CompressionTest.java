package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snappy and deflate negotiated in IDENTIFY (§2.7) and the stream upgrade after the response (§2.8). */
class CompressionTest extends ProtocolV2TestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<NegotiatingWireClient> compressed = new ArrayList<>();

    @AfterEach
    void closeClients() {
        compressed.forEach(NegotiatingWireClient::close);
    }

    private NegotiatingWireClient open() {
        NegotiatingWireClient client = new NegotiatingWireClient(nsqd().tcpAddress());
        compressed.add(client);
        return client;
    }

    /** Sends IDENTIFY and returns the plain JSON response. */
    private JsonNode identify(NegotiatingWireClient client, String json) throws IOException {
        client.send(out -> Commands.identify(out, json));
        return JSON.readTree(client.readResponse());
    }

    /** A client that negotiated {@code feature} ("snappy" or "deflate") and read the OK through the new stream. */
    private NegotiatingWireClient negotiated(String feature) throws IOException {
        NegotiatingWireClient client = open();
        JsonNode response = identify(client, "{\"feature_negotiation\":true,\"" + feature + "\":true}");
        assertThat(response.get(feature).asBoolean()).isTrue();
        if (feature.equals("snappy")) {
            client.snappy();
        } else {
            client.deflate(response.get("deflate_level").asInt());
        }
        return client.expectOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void publishesAndConsumesThroughTheCompressedStream(String feature) throws IOException {
        NegotiatingWireClient client = negotiated(feature);
        client.send(out -> Commands.pub(out, "t", utf8("hello"))).expectOk();
        client.send(out -> Commands.sub(out, "t", "c")).expectOk();
        client.send(out -> Commands.rdy(out, 1));
        Message message = client.readMessage();
        assertThat(message.bodyText()).isEqualTo("hello");
        client.send(out -> Commands.fin(out, message.id()));
        client.send(out -> Commands.nop(out)); // NOP has no answer: PUB proves FIN was taken without error
        client.send(out -> Commands.pub(out, "other", utf8("x"))).expectOk();

        ClientStats stats = channel("t", "c").clients().get(0).stats();
        assertThat(stats.snappy()).isEqualTo(feature.equals("snappy"));
        assertThat(stats.deflate()).isEqualTo(feature.equals("deflate"));
        assertThat(stats.finishCount()).isEqualTo(1);
    }

    @Test
    void snappyStreamStartsWithTheStreamIdentifier() throws IOException {
        NegotiatingWireClient client = open();
        identify(client, "{\"feature_negotiation\":true,\"snappy\":true}");
        // As NSQ 1.3 (§2.8); the chunk with the OK that follows may be compressed (0x00) or not (0x01).
        assertThat(HexFormat.of().formatHex(client.readUnderneath(11))).isIn(
                "ff060000734e6150705900", "ff060000734e6150705901");
    }

    @Test
    void snappyResponseReportsOnlySnappy() throws IOException {
        JsonNode response = identify(open(), "{\"feature_negotiation\":true,\"snappy\":true}");
        assertThat(response.get("snappy").asBoolean()).isTrue();
        assertThat(response.get("deflate").asBoolean()).isFalse();
        assertThat(response.get("deflate_level").asInt()).isEqualTo(6);
    }

    @Test
    void deflateLevelIsTheRequestedOne() throws IOException {
        NegotiatingWireClient client = open();
        JsonNode response = identify(client, "{\"feature_negotiation\":true,\"deflate\":true,\"deflate_level\":2}");
        assertThat(response.get("deflate").asBoolean()).isTrue();
        assertThat(response.get("snappy").asBoolean()).isFalse();
        assertThat(response.get("deflate_level").asInt()).isEqualTo(2);
        client.deflate(2).expectOk();
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 0, -1})
    void deflateLevelIsCappedByMaxDeflateLevel(int requested) throws IOException {
        options.maxDeflateLevel = 4;
        NegotiatingWireClient client = open();
        JsonNode response = identify(client,
                "{\"feature_negotiation\":true,\"deflate\":true,\"deflate_level\":" + requested + "}");
        assertThat(response.get("deflate_level").asInt()).isEqualTo(4);
        assertThat(response.get("max_deflate_level").asInt()).isEqualTo(4);
        client.deflate(4).expectOk();
        client.send(out -> Commands.pub(out, "t", utf8("x"))).expectOk();
    }

    @Test
    void bothAtOnceIsRefused() throws IOException {
        NegotiatingWireClient client = open();
        client.send(out -> Commands.identify(out, "{\"feature_negotiation\":true,\"snappy\":true,\"deflate\":true}"));
        assertThat(client.readError())
                .isEqualTo("E_IDENTIFY_FAILED cannot enable both deflate and snappy compression");
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void disabledByFlagsAnswersFalseAndStaysPlain() throws IOException {
        options.snappy = false;
        options.deflate = false;
        NegotiatingWireClient client = open();
        JsonNode response = identify(client,
                "{\"feature_negotiation\":true,\"snappy\":true,\"deflate\":true,\"deflate_level\":3}");
        assertThat(response.get("snappy").asBoolean()).isFalse();
        assertThat(response.get("deflate").asBoolean()).isFalse();
        assertThat(response.get("deflate_level").asInt()).isEqualTo(6);
        client.send(out -> Commands.pub(out, "t", utf8("plain"))).expectOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void largeMessageRoundTrips(String feature) throws IOException {
        byte[] body = new byte[1024 * 1024];
        Random random = new Random(42);
        for (int i = 0; i < body.length; i++) {
            // half random, half repetitive: both compressible and incompressible chunks
            body[i] = i % 2 == 0 ? (byte) random.nextInt() : (byte) 'a';
        }
        NegotiatingWireClient client = negotiated(feature);
        client.send(out -> Commands.pub(out, "big", body)).expectOk();
        client.send(out -> Commands.sub(out, "big", "c")).expectOk();
        client.send(out -> Commands.rdy(out, 1));
        Message message = client.readMessage();
        assertThat(Arrays.equals(message.body(), body)).as("body intact").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void corruptInputClosesOnlyThatConnection(String feature) throws IOException {
        NegotiatingWireClient bystander = negotiated(feature);
        NegotiatingWireClient client = negotiated(feature);
        byte[] garbage = feature.equals("snappy")
                // a compressed-data chunk whose checksum does not match its content
                ? new byte[] {0x00, 0x08, 0x00, 0x00, 1, 2, 3, 4, 0x04, 0x0c, 'a', 'b'}
                // BTYPE 11 is reserved: an invalid deflate block
                : new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        client.sendUnderneath(garbage);
        assertThat(client.closedByServer()).isTrue();

        bystander.send(out -> Commands.pub(out, "t", utf8("still here"))).expectOk();
        open().send(out -> Commands.pub(out, "t", "plain".getBytes(StandardCharsets.UTF_8))).expectOk();
    }
}
