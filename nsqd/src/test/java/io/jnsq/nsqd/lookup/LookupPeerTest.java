package io.jnsq.nsqd.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.testwire.Await;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LookupPeer against a scripted nsqlookupd: what it sends on each connection, and how a bad answer ends one. */
@Timeout(30)
class LookupPeerTest {
    private final ServerSocket server = serverSocket();
    private final AtomicInteger callbacks = new AtomicInteger();
    private final LookupPeer peer = new LookupPeer("127.0.0.1:" + server.getLocalPort(), 10, p -> {
        callbacks.incrementAndGet();
        p.command(ascii("PING\n"));
    });

    private static ServerSocket serverSocket() {
        try {
            ServerSocket socket = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(5000);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        server.close();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Accepts one connection and checks that it begins with the magic and the callback's PING. */
    private CompletableFuture<Socket> acceptConnection() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertThat(new String(in.readNBytes(9), StandardCharsets.US_ASCII)).isEqualTo("  V1PING\n");
                respond(socket, "OK");
                return socket;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void respond(Socket socket, String text) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(text.length());
        out.write(ascii(text));
        out.flush();
    }

    private static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    @Test
    void aConnectionStartsWithTheMagicAndTheCallbackBeforeTheCommand() throws Exception {
        CompletableFuture<Socket> accepted = acceptConnection();
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return peer.command(ascii("REGISTER t\n"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket socket = accepted.get(5, TimeUnit.SECONDS)) {
            assertThat(readLine(socket)).isEqualTo("REGISTER t");
            respond(socket, "OK");
            assertThat(answer.get(5, TimeUnit.SECONDS)).asString(StandardCharsets.US_ASCII).isEqualTo("OK");
        }
        assertThat(callbacks).hasValue(1);
        assertThat(peer.isConnected()).isTrue();
    }

    @Test
    void aResponseOverTheLimitClosesTheConnectionAndTheNextCommandReconnects() throws Exception {
        CompletableFuture<Socket> first = acceptConnection();
        CompletableFuture<Void> oversized = CompletableFuture.runAsync(() -> {
            try (Socket socket = first.get(5, TimeUnit.SECONDS)) {
                readLine(socket);
                respond(socket, "12345678901"); // 11 bytes, the limit is 10
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> peer.command(ascii("PING\n"))).isInstanceOf(IOException.class)
                .hasMessage("response size 11 out of range 0-10");
        oversized.get(5, TimeUnit.SECONDS);
        assertThat(peer.isConnected()).isFalse();

        CompletableFuture<Socket> second = acceptConnection();
        peer.ensureConnected();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(callbacks).hasValue(2);
    }

    @Test
    void aPeerThatClosesIsNoticedWithoutACommand() throws Exception {
        CompletableFuture<Socket> accepted = acceptConnection();
        peer.ensureConnected();
        assertThat(peer.closedByPeer()).isFalse();

        accepted.get(5, TimeUnit.SECONDS).close();

        // the end of the stream arrives after the close returned
        Await.until(Duration.ofSeconds(5), peer::closedByPeer, "the close to be seen");
    }
}
