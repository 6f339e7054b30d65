package io.jnsq.nsqd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A disk queue as NSQ leaves it on disk, written by the test from the record format rather than by
 * {@link DiskQueueWriter}, so that a fault in the writer cannot hide the same fault in the reader: the messages'
 * records in files of a few records each, the last one the write file, and the first {@code consumed} of them
 * already read.
 */
record FuzzDiskQueueData(List<Message> messages, int recordsPerFile, int consumed) {
    static final String NAME = "fuzz:c";
    /** Bodies up to this size; the queue is opened with it as --max-msg-size so that larger sizes are corrupt. */
    static final int MAX_BODY = 40;

    static Arbitrary<FuzzDiskQueueData> queues() {
        return Combinators.combine(anyMessages(), Arbitraries.integers().between(1, 8), Arbitraries.integers())
                .as((messages, perFile, consumed) -> new FuzzDiskQueueData(messages, perFile,
                        Math.floorMod(consumed, Math.min(perFile, messages.size()) + 1)));
    }

    static Arbitrary<List<Message>> anyMessages() {
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_BODY);
        Arbitrary<Integer> attempts = Arbitraries.integers().between(0, 65535);
        return Combinators.combine(Arbitraries.longs(), attempts, body).as(FuzzDiskQueueData::header)
                .list().ofMaxSize(24).map(FuzzDiskQueueData::numbered);
    }

    private static Message header(long timestamp, int attempts, byte[] body) {
        Message m = new Message(0, timestamp, body);
        m.attempts = (char) attempts;
        return m;
    }

    /** Distinct IDs: a message read back names the one message it can have come from. */
    private static List<Message> numbered(List<Message> messages) {
        List<Message> numbered = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Message withId = new Message(0x18a3149e66c2a000L + i, m.timestamp, m.body);
            withId.attempts = m.attempts;
            numbered.add(withId);
        }
        return numbered;
    }

    /** {@code m} as NSQ writes it: {@code [int32 size][int64 ts][uint16 attempts][16 hex ID][body]}. */
    static byte[] record(Message m) {
        return ByteBuffer.allocate(4 + 26 + m.body.length).putInt(26 + m.body.length).putLong(m.timestamp)
                .putShort((short) m.attempts).put(String.format("%016x", m.id).getBytes(StandardCharsets.US_ASCII))
                .put(m.body).array();
    }

    int fileCount() {
        return Math.max(1, (messages.size() + recordsPerFile - 1) / recordsPerFile);
    }

    /** The messages of file {@code n}, in order. */
    List<Message> messagesOf(int n) {
        return messages.subList(Math.min(messages.size(), n * recordsPerFile),
                Math.min(messages.size(), (n + 1) * recordsPerFile));
    }

    byte[] file(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messagesOf(n).forEach(m -> out.writeBytes(record(m)));
        return out.toByteArray();
    }

    List<byte[]> files() {
        List<byte[]> files = new ArrayList<>();
        for (int n = 0; n < fileCount(); n++) {
            files.add(file(n));
        }
        return files;
    }

    /** Where the reader stands in file 0: after the consumed records. */
    long readPos() {
        return messages.subList(0, consumed).stream().mapToLong(m -> record(m).length).sum();
    }

    /** The metadata NSQ would have written for these files. */
    Meta meta() {
        int last = fileCount() - 1;
        return new Meta(messages.size() - consumed, 0, readPos(), last, file(last).length);
    }

    /** The messages still to read, in order. */
    List<Message> unread() {
        return messages.subList(consumed, messages.size());
    }

    static Path dataFile(Path dir, int n) {
        return dir.resolve(String.format("%s.diskqueue.%06d.dat", NAME, n));
    }

    static Path metaFile(Path dir) {
        return dir.resolve(NAME + ".diskqueue.meta.dat");
    }

    /** Writes {@code files} as data files 0, 1, ... and {@code meta} as the metadata, none if it is null. */
    static void write(Path dir, List<byte[]> files, byte[] meta) throws IOException {
        for (int n = 0; n < files.size(); n++) {
            Files.write(dataFile(dir, n), files.get(n));
        }
        if (meta != null) {
            Files.write(metaFile(dir), meta);
        }
    }

    /** The records in hex, for jqwik's report of a failing try. */
    @Override
    public String toString() {
        return "records " + messages.stream().map(m -> HexFormat.of().formatHex(record(m))).toList() + ", "
                + recordsPerFile + " to a file, " + consumed + " consumed";
    }

    /** The number of bytes at the start of {@code a} and {@code b} that are equal. */
    static int commonPrefix(byte[] a, byte[] b) {
        int n = Arrays.mismatch(a, b);
        return n < 0 ? a.length : n;
    }

    /** The positions of a {@code .meta.dat} file, as go-diskqueue writes them. */
    record Meta(long depth, long readFileNum, long readPos, long writeFileNum, long writePos) {
        String text() {
            return depth + "\n" + readFileNum + "," + readPos + "\n" + writeFileNum + "," + writePos + "\n";
        }
    }
}
