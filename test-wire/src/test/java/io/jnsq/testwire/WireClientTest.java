package io.jnsq.testwire;

import static io.jnsq.testwire.ScriptedServer.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.Message;
import io.jnsq.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WireClientTest {
    private static final String ID = "0123456789abcdef";
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void connectSendsTheMagicFirst() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start(peer -> received.set(peer.read(4)));
                WireClient client = WireClient.connect(server.address())) {
            server.finish();

            assertThat(received.get()).isEqualTo(Frames.MAGIC_V2);
            assertThat(client.timeout()).isEqualTo(WireClient.DEFAULT_TIMEOUT);
        }
    }

    @Test
    void connectWithoutMagicSendsNothingOfItsOwn() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start(peer -> received.set(peer.read(4)));
                WireClient client = WireClient.connectWithoutMagic(server.address())) {
            client.nop();
            server.finish();

            assertThat(new String(received.get(), UTF_8)).isEqualTo("NOP\n");
        }
    }

    @Test
    void commandMethodsSendWhatProtocolCommandsEncode() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start(peer -> received.set(peer.readToEnd()))) {
            List<byte[]> bodies = List.of("a".getBytes(UTF_8), "bc".getBytes(UTF_8));
            try (WireClient client = WireClient.connect(server.address())) {
                client.identify("{\"client_id\":\"x\"}").auth("secret").sub("t", "c").rdy(10).fin(ID)
                        .req(ID, 1500).touch(ID).nop().cls().pub("t", "hi").pub("t", new byte[] {1, 2})
                        .mpub("t", bodies).dpub("t", 1200, "later").dpub("t", 5, new byte[] {3});
            }
            server.finish();

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(Frames.MAGIC_V2);
            expected.writeBytes(bytes(b -> {
                Commands.identify(b, "{\"client_id\":\"x\"}");
                Commands.auth(b, "secret".getBytes(UTF_8));
                Commands.sub(b, "t", "c");
                Commands.rdy(b, 10);
                Commands.fin(b, ID);
                Commands.req(b, ID, 1500);
                Commands.touch(b, ID);
                Commands.nop(b);
                Commands.cls(b);
                Commands.pub(b, "t", "hi".getBytes(UTF_8));
                Commands.pub(b, "t", new byte[] {1, 2});
                Commands.mpub(b, "t", bodies);
                Commands.dpub(b, "t", 1200, "later".getBytes(UTF_8));
                Commands.dpub(b, "t", 5, new byte[] {3});
            }));
            assertThat(received.get()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void sendWritesRawBytesAndEncoderOutput() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start(peer -> received.set(peer.read(12)));
                WireClient client = WireClient.connectWithoutMagic(server.address())) {
            client.send("  V1".getBytes(UTF_8)).send(b -> Commands.line(b, "FOO a b"));
            server.finish();

            assertThat(new String(received.get(), UTF_8)).isEqualTo("  V1FOO a b\n");
        }
    }

    @Test
    void readsFramesThatArriveOneByteAtATime() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> peer.writeByteByByte(b -> {
            Frames.writeResponse(b, Frames.OK);
            Frames.writeError(b, ProtocolException.invalid("invalid command FOO"));
            Frames.writeMessage(b, 0x18a31420afa69000L, 42, 1, "hello".getBytes(UTF_8));
        }));
                WireClient client = WireClient.connect(server.address())) {
            assertThat(client.readResponse()).isEqualTo("OK");
            assertThat(client.readError()).isEqualTo("E_INVALID invalid command FOO");
            Message message = client.readMessage();

            assertThat(message.id()).isEqualTo("18a31420afa69000");
            assertThat(message.timestampNanos()).isEqualTo(42);
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(message.bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void readFrameReturnsHeartbeatsAndTheSkippingVariantsDoNot() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> peer.write(b -> {
            Frames.writeResponse(b, Frames.HEARTBEAT);
            Frames.writeResponse(b, Frames.HEARTBEAT);
            Frames.writeResponse(b, Frames.CLOSE_WAIT);
            Frames.writeResponse(b, Frames.HEARTBEAT);
            Frames.writeResponse(b, Frames.OK);
            Frames.writeResponse(b, Frames.HEARTBEAT);
            Frames.writeError(b, ProtocolException.nonFatal("E_FIN_FAILED", "FIN " + ID + " failed ID not in flight"));
            Frames.writeResponse(b, Frames.HEARTBEAT);
            Frames.writeMessage(b, 1, 2, 3, new byte[0]);
        }));
                WireClient client = WireClient.connect(server.address())) {
            assertThat(client.readFrame().isHeartbeat()).isTrue();

            Frame frame = client.readFrameSkippingHeartbeats();
            assertThat(frame.type()).isEqualTo(FrameType.RESPONSE);
            assertThat(frame.text()).isEqualTo("CLOSE_WAIT");
            client.expectOk();
            assertThat(client.readError()).isEqualTo("E_FIN_FAILED FIN " + ID + " failed ID not in flight");
            assertThat(client.readMessage().attempts()).isEqualTo(3);
        }
    }

    @Test
    void readResponseFailsOnAnErrorFrameAndShowsIt() throws Exception {
        ProtocolException error = ProtocolException.invalid("cannot SUB in current state");
        try (ScriptedServer server = ScriptedServer.start(peer -> peer.write(b -> Frames.writeError(b, error)));
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(client::readResponse)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected RESPONSE frame")
                    .hasMessageContaining("E_INVALID cannot SUB in current state");
        }
    }

    @Test
    void readErrorAndReadMessageFailOnAResponse() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> peer.write(b -> {
            Frames.writeResponse(b, Frames.OK);
            Frames.writeResponse(b, Frames.OK);
        }));
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(client::readError).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected ERROR frame").hasMessageContaining("RESPONSE OK");
            assertThatThrownBy(client::readMessage).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected MESSAGE frame");
        }
    }

    @Test
    void expectOkFailsOnAnotherResponse() throws Exception {
        try (ScriptedServer server =
                        ScriptedServer.start(peer -> peer.write(b -> Frames.writeResponse(b, Frames.CLOSE_WAIT)));
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(client::expectOk).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected response OK").hasMessageContaining("CLOSE_WAIT");
        }
    }

    @Test
    void readFrameTimesOutWhenTheServerIsSilent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> { });
                WireClient client = WireClient.connect(server.address(), SHORT)) {
            long start = System.nanoTime();

            assertThatThrownBy(client::readFrame).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out after 200ms waiting for a frame");
            // the kernel's poll timeout has millisecond resolution: it may end a fraction of one early
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(SHORT.minusMillis(2),
                    Duration.ofSeconds(3));
        }
    }

    @Test
    void readFrameTimesOutOnAPartialFrameAndKeepsItsBytes() throws Exception {
        byte[] ok = bytes(b -> Frames.writeResponse(b, Frames.OK));
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.write(java.util.Arrays.copyOf(ok, 6));
            peer.read(4 + 4); // magic, then the NOP the client sends once its read has timed out
            peer.write(java.util.Arrays.copyOfRange(ok, 6, ok.length));
        });
                WireClient client = WireClient.connect(server.address())) {
            client.timeout(SHORT);
            assertThatThrownBy(client::readFrame).isInstanceOf(AssertionError.class).hasMessageContaining("timed out");

            client.timeout(Duration.ofSeconds(5)).nop().expectOk();
            server.finish();
        }
    }

    @Test
    void readFrameFailsWhenTheServerCloses() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readMagic();
            peer.close();
        });
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(client::readFrame).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closed the connection while waiting for a frame");
        }
    }

    @Test
    void readFrameFailsOnAnImpossibleFrameSize() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> peer.write(new byte[] {0, 0, 0, 1}));
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(client::readFrame).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("undecodable frame").hasMessageContaining("invalid frame size 1");
        }
    }

    @Test
    void assertClosedPassesWhenTheServerClosesAfterAnError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.write(b -> Frames.writeError(b, ProtocolException.fatal("E_BAD_PROTOCOL", "")));
            peer.close();
        });
                WireClient client = WireClient.connectWithoutMagic(server.address())) {
            assertThat(client.readError()).isEqualTo("E_BAD_PROTOCOL");
            client.assertClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void assertClosedDiscardsUnreadFrames() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readMagic();
            peer.write(b -> Frames.writeResponse(b, Frames.HEARTBEAT));
            peer.close();
        });
                WireClient client = WireClient.connect(server.address())) {
            client.assertClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void assertClosedPassesOnAConnectionReset() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readMagic();
            peer.reset();
        });
                WireClient client = WireClient.connect(server.address())) {
            client.assertClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void assertClosedFailsWhileTheConnectionStaysOpen() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> { });
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(() -> client.assertClosed(SHORT)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not close the connection within 200ms");
        }
    }

    @Test
    void assertNoFramePassesOnSilenceAndLeavesTheConnectionUsable() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.read(4 + 4); // magic, then the NOP the client sends after its quiet period
            peer.write(b -> Frames.writeResponse(b, Frames.OK));
        });
                WireClient client = WireClient.connect(server.address())) {
            client.assertNoFrame(SHORT);

            client.nop().expectOk();
            server.finish();
        }
    }

    @Test
    void assertNoFrameFailsWhenAFrameArrives() throws Exception {
        try (ScriptedServer server =
                        ScriptedServer.start(peer -> peer.write(b -> Frames.writeResponse(b, Frames.HEARTBEAT)));
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(() -> client.assertNoFrame(Duration.ofSeconds(5))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected no frame").hasMessageContaining("_heartbeat_");
        }
    }

    @Test
    void assertNoFrameFailsWhenTheServerCloses() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readMagic();
            peer.close();
        });
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(() -> client.assertNoFrame(Duration.ofSeconds(5))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closed the connection");
        }
    }

    @Test
    void connectFailsWhenNobodyListens() throws Exception {
        InetSocketAddress address;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = (InetSocketAddress) unused.getLocalSocketAddress();
        }

        assertThatThrownBy(() -> WireClient.connect(address, SHORT)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void timeoutMustBePositive() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> { });
                WireClient client = WireClient.connect(server.address())) {
            assertThatThrownBy(() -> client.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThat(client.timeout(SHORT).timeout()).isEqualTo(SHORT);
        }
    }
}
