package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Migration both ways: a data directory as NSQ 1.3's nsqd leaves it (built here byte for byte from the
 * reference, §6) is served completely, and the one jnsq leaves behind is in the same format.
 */
class NsqDataDirectoryTest extends ProtocolV2TestBase {
    private static final long TS = 1_795_262_521_000_000_000L;

    @Test
    void aDataDirectoryWrittenByNsqIsReadCompletely() throws Exception {
        write("nsqd.dat", "{\"topics\":[{\"name\":\"ptopic\",\"paused\":false,\"channels\":[{\"name\":\"pch\","
                + "\"paused\":false}]}],\"version\":\"1.3.0\"}");
        // the channel: one message already read from file 0, two left in it, one in file 1
        byte[] file0 = concat(record("18a3149e66c2a000", 0, "consumed"), record("18a3149e66c2a001", 1, "ch-1"),
                record("18a3149e66c2a002", 2, "ch-2"));
        byte[] file1 = record("18a3149e66c2a003", 0, "ch-3");
        write("ptopic:pch.diskqueue.000000.dat", file0);
        write("ptopic:pch.diskqueue.000001.dat", file1);
        int firstRecord = record("18a3149e66c2a000", 0, "consumed").length;
        write("ptopic:pch.diskqueue.meta.dat", "3\n0," + firstRecord + "\n1," + file1.length + "\n");
        // the topic: two messages waiting for its channels
        byte[] topic0 = concat(record("18a3149e66c2a004", 0, "topic-4"), record("18a3149e66c2a005", 0, "topic-5"));
        write("ptopic.diskqueue.000000.dat", topic0);
        write("ptopic.diskqueue.meta.dat", "2\n0,0\n0," + topic0.length + "\n");

        WireClient consumer = subscribe("ptopic", "pch");
        consumer.rdy(10);
        List<Message> received = readMessages(consumer, 5);
        consumer.assertNoFrame(QUIET);

        assertThat(bodies(received)).containsExactlyInAnyOrder("ch-1", "ch-2", "ch-3", "topic-4", "topic-5");
        for (Message m : received) {
            int n = m.bodyText().charAt(m.bodyText().length() - 1) - '0';
            assertThat(m.id()).isEqualTo("18a3149e66c2a00" + n);
            assertThat(m.timestampNanos()).isEqualTo(TS + n);
        }
        // attempts are stored as they were and count up on delivery
        assertThat(received).filteredOn(m -> m.bodyText().equals("ch-2")).extracting(Message::attempts)
                .containsExactly(3);
        assertThat(received).filteredOn(m -> m.bodyText().startsWith("topic")).extracting(Message::attempts)
                .containsOnly(1);
    }

    @Test
    void whatJnsqLeavesBehindIsInNsqFormat() throws Exception {
        options.memQueueSize = 0;
        subscribe("t", "c").close();
        publish("t", "one", "two");

        restart();

        assertThat(Files.readString(dataDir.resolve("nsqd.dat"))).isEqualTo("{\"topics\":[{\"name\":\"t\","
                + "\"paused\":false,\"channels\":[{\"name\":\"c\",\"paused\":false}]}],\"version\":\"1.3.0\"}");
        byte[] data = Files.readAllBytes(dataDir.resolve("t:c.diskqueue.000000.dat"));
        assertThat(Files.readString(dataDir.resolve("t:c.diskqueue.meta.dat")))
                .isEqualTo("2\n0,0\n0," + data.length + "\n");
        assertThat(Files.readString(dataDir.resolve("t.diskqueue.meta.dat"))).isEqualTo("0\n0,0\n0,0\n");
        assertThat(parseRecords(data)).containsExactly("one", "two");
    }

    @Test
    void anIdleQueueIsSyncedOnceTheSyncTimeoutPasses() throws Exception {
        options.memQueueSize = 0;
        options.syncEvery = 1_000_000;
        options.syncTimeout = Duration.ofMillis(200);
        subscribe("t", "c").close();
        publish("t", "one", "two");
        Path meta = dataDir.resolve("t:c.diskqueue.meta.dat");
        int size = Files.readAllBytes(dataDir.resolve("t:c.diskqueue.000000.dat")).length;

        Await.until(Duration.ofSeconds(5), () -> Files.exists(meta) && readOrEmpty(meta).equals("2\n0,0\n0," + size
                + "\n"), "the metadata of the idle queue to be synced");
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** go-diskqueue records, read with nothing but the reference's description. */
    private static List<String> parseRecords(byte[] data) {
        List<String> bodies = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            int size = b.getInt();
            byte[] payload = new byte[size];
            b.get(payload);
            assertThat(new String(payload, 10, 16, StandardCharsets.US_ASCII)).matches("[0-9a-f]{16}");
            assertThat(payload[8] << 8 | payload[9]).as("attempts").isZero();
            bodies.add(new String(payload, 26, size - 26, StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static byte[] record(String hexId, int attempts, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = TS + (hexId.charAt(15) - '0');
        return ByteBuffer.allocate(4 + 26 + bytes.length).putInt(26 + bytes.length).putLong(ts)
                .putShort((short) attempts).put(hexId.getBytes(StandardCharsets.US_ASCII)).put(bytes).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void write(String name, String text) throws Exception {
        write(name, text.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(String name, byte[] bytes) throws Exception {
        Path file = dataDir.resolve(name);
        Files.write(file, bytes);
    }
}
