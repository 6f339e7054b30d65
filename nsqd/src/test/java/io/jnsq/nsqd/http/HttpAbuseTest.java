package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP port under abuse: bodies far over the limits are refused without being read to their end, and clients
 * that send a request slowly, or half of one and then nothing, hold no thread and delay no one else.
 */
class HttpAbuseTest extends HttpApiTestBase {
    /** Far more than nsqd may read of a refused body, far less than what the client claims to send. */
    private static final long SEND_AT_MOST = 64L << 20;

    /** A chunked binary MPUB of "aaaa..." claims 0x61616161 messages: NSQ refuses that count at once. */
    @ParameterizedTest
    @CsvSource({
        "/pub?topic=t, Content-Length: 10000000000, MSG_TOO_BIG",
        "/pub?topic=t, Transfer-Encoding: chunked, MSG_TOO_BIG",
        "/mpub?topic=t, Content-Length: 10000000000, BODY_TOO_BIG",
        "/mpub?topic=t&binary=true, Transfer-Encoding: chunked, BAD_BODY",
    })
    void aHugeBodyIsRefusedAndTheConnectionClosedWithoutReadingItAll(String path, String framing, String message)
            throws Exception {
        boolean chunked = framing.startsWith("Transfer-Encoding");
        try (Socket socket = new Socket()) {
            socket.connect(http, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> sendUntilRefused(out, chunked));

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(response).startsWith("HTTP/1.1 413 ").endsWith("{\"message\":\"" + message + "\"}");
            assertThat(sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("bytes sent before nsqd closed the connection").isLessThan(SEND_AT_MOST);
        }
        assertThat(get("/ping").body()).isEqualTo("OK");
    }

    /** Writes body bytes until the connection fails; gives up after {@link #SEND_AT_MOST}. */
    private static long sendUntilRefused(OutputStream out, boolean chunked) {
        byte[] data = new byte[64 * 1024];
        byte[] chunkHead = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try {
            while (sent < SEND_AT_MOST) {
                if (chunked) {
                    out.write(chunkHead);
                }
                out.write(data);
                if (chunked) {
                    out.write('\r');
                    out.write('\n');
                }
                sent += data.length;
            }
        } catch (IOException closedByNsqd) {
            // what the test waits for
        }
        return sent;
    }

    @Test
    void slowAndStalledClientsHoldNoThreadAndDelayNoOneElse() throws Exception {
        for (int i = 0; i < 20; i++) {
            get("/ping"); // every event loop of the HTTP server has started
        }
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                RawHttp client = new RawHttp(http);
                stalled.add(client);
                switch (i % 3) {
                    case 0 -> client.send("GET /pi"); // half a request line
                    case 1 -> client.send("POST /pub?topic=t HTTP/1.1\r\nHost: x\r\nContent-Le"); // half a head
                    default -> client.send("POST /pub?topic=t HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n"
                            + "only twenty bytes..."); // a body cut short
                }
            }

            long start = System.nanoTime();
            assertThat(get("/ping").body()).isEqualTo("OK");
            assertThat(post("/pub?topic=t", "hello").body()).isEqualTo("OK");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms for two requests")
                    .isLessThan(TIMEOUT.toMillis());
            assertThat(nsqd.broker().topic("t").depth()).isEqualTo(1);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                    .as("threads with 300 stalled clients").isLessThanOrEqualTo(threadsBefore + 2);
        } finally {
            for (RawHttp client : stalled) {
                client.close();
            }
        }
    }
}
