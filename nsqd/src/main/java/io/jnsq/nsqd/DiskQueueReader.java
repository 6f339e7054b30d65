package io.jnsq.nsqd;

import io.jnsq.protocol.Frames;
import io.jnsq.protocol.MessageId;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Reads disk queue records from one data file through a read-ahead buffer, and encodes and decodes records:
 * <pre>
 * [size: int32 BE][timestamp: int64 BE][attempts: uint16 BE][ID: 16 ASCII hex][body: size - 26 bytes]
 * </pre>
 * A size outside the queue's limits, a record running past the end of the data, or an ID that is not hex
 * makes a record corrupt ({@link CorruptRecordException}). Nothing marks where the next record starts, so
 * {@link #findNextRecord} looks for the next bytes that read as a whole record.
 */
final class DiskQueueReader {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Size, timestamp, attempts and ID. */
    private static final int HEADER_SIZE = 4 + Frames.MESSAGE_HEADER_SIZE;
    /** Where the attempts and the ID start in a record's payload: after the timestamp, and the attempts. */
    private static final int ATTEMPTS_IN_PAYLOAD = 8;
    private static final int ID_IN_PAYLOAD = ATTEMPTS_IN_PAYLOAD + 2;
    /** Where the ID starts in a record: after the size, timestamp and attempts. */
    private static final int ID_OFFSET = 4 + ID_IN_PAYLOAD;

    private final int minMsgSize;
    private final int maxMsgSize;
    private FileChannel file;
    private long fileSize = -1;
    private ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    /** File offset of {@code buf}'s first byte. */
    private long bufStart;
    private long position;

    DiskQueueReader(int minMsgSize, int maxMsgSize) {
        this.minMsgSize = minMsgSize;
        this.maxMsgSize = maxMsgSize;
    }

    static Message decode(byte[] payload) throws IOException {
        return decode(ByteBuffer.wrap(payload), 0, payload.length);
    }

    /**
     * The message in the {@code size} bytes of a record's payload at {@code offset} of {@code b}, a buffer over a
     * whole array. Read in place: the body's copy is the one allocation.
     */
    private static Message decode(ByteBuffer b, int offset, int size) throws CorruptRecordException {
        byte[] bytes = b.array();
        long id;
        try {
            id = MessageId.parse(bytes, offset + ID_IN_PAYLOAD);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("invalid message ID in record: "
                    + new String(bytes, offset + ID_IN_PAYLOAD, MessageId.LENGTH, StandardCharsets.US_ASCII), false);
        }
        Message m = new Message(id, b.getLong(offset),
                Arrays.copyOfRange(bytes, offset + Frames.MESSAGE_HEADER_SIZE, offset + size));
        m.attempts = b.getChar(offset + ATTEMPTS_IN_PAYLOAD); // uint16, as Message keeps it
        return m;
    }

    boolean isOpen() {
        return file != null;
    }

    void open(Path path, long pos) throws IOException {
        close();
        file = FileChannel.open(path, StandardOpenOption.READ);
        position = pos;
    }

    /** The size of the open file, read once: only asked for files no longer written to. */
    long fileSize() throws IOException {
        if (fileSize < 0) {
            fileSize = file.size();
        }
        return fileSize;
    }

    /** The size of the open file now, for the write file. */
    long currentSize() throws IOException {
        return file.size();
    }

    /** Position after the last record read. */
    long position() {
        return position;
    }

    /** Reads the record at {@code pos}, which with all its bytes must lie before {@code end}. */
    Message read(long pos, long end) throws IOException {
        if (end - pos < 4) {
            throw new CorruptRecordException("truncated record at " + pos + ": " + (end - pos) + " bytes left", true);
        }
        int at = fill(pos, 4, end); // before reading buf: fill may replace it with a larger one
        int size = buf.getInt(at);
        if (size < minMsgSize || size > maxMsgSize) {
            throw new CorruptRecordException("invalid message read size (" + size + ")", false);
        }
        if (end - pos - 4 < size) {
            throw new CorruptRecordException("truncated record at " + pos + ": size " + size + ", "
                    + (end - pos - 4) + " bytes left", true);
        }
        at = fill(pos + 4, size, end);
        Message m = decode(buf, at, size);
        position = pos + 4 + size;
        return m;
    }

    /**
     * The position of the first record from {@code from} on that reads whole before {@code end} and is followed
     * by {@code end} or by another record header, so that a lookalike inside a body is unlikely to be taken;
     * -1 if there is none.
     */
    long findNextRecord(long from, long end) throws IOException {
        for (long pos = from; end - pos >= HEADER_SIZE; pos++) {
            int size = headerSize(pos, end);
            if (size < 0 || end - pos - 4 < size) {
                continue;
            }
            long next = pos + 4 + size;
            if (next == end || headerSize(next, end) >= 0) {
                return pos;
            }
        }
        return -1;
    }

    /** The size in the header at {@code pos} if it is within the limits and a valid ID follows; -1 if not. */
    private int headerSize(long pos, long end) throws IOException {
        if (end - pos < HEADER_SIZE) {
            return -1;
        }
        int at = fill(pos, HEADER_SIZE, end);
        int size = buf.getInt(at);
        if (size < minMsgSize || size > maxMsgSize) {
            return -1;
        }
        return MessageId.isValid(buf.array(), at + ID_OFFSET) ? size : -1;
    }

    /** Appends the bytes from {@code from} to {@code to} of the open file to {@code target} and fsyncs them. */
    void copy(long from, long to, Path target) throws IOException {
        if (from >= to) {
            return; // no empty .bad file for nothing set aside
        }
        try (FileChannel out = FileChannel.open(target, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), AtomicFile.ownerOnly(target))) {
            for (long pos = from; pos < to; ) {
                long n = file.transferTo(pos, to - pos, out);
                if (n <= 0) {
                    throw new EOFException("unexpected end of file at " + pos);
                }
                pos += n;
            }
            out.force(false);
        }
    }

    /**
     * Makes sure the read-ahead buffer holds the {@code n} bytes at {@code pos}, refilling it from the file when
     * it does not; returns where they start in it.
     */
    private int fill(long pos, int n, long end) throws IOException {
        if (pos < bufStart || pos + n > bufStart + buf.limit()) {
            if (n > buf.capacity()) {
                buf = ByteBuffer.allocate(n);
            }
            buf.clear().limit((int) Math.min(buf.capacity(), Math.max(n, end - pos)));
            bufStart = pos;
            while (buf.hasRemaining()) {
                if (file.read(buf, bufStart + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            if (buf.limit() < n) {
                throw new EOFException("unexpected end of file at " + (bufStart + buf.limit()));
            }
        }
        return (int) (pos - bufStart);
    }

    /** Counts the whole, well-sized records in {@code path} between {@code from} and {@code to}. */
    long countRecords(Path path, long from, long to) {
        long n = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer size = ByteBuffer.allocate(4);
            long pos = from;
            while (to - pos >= 4) {
                size.clear();
                while (size.hasRemaining() && ch.read(size, pos + size.position()) >= 0) {
                    // read until 4 bytes
                }
                int s = size.getInt(0);
                if (size.hasRemaining() || s < minMsgSize || s > maxMsgSize || to - pos - 4 < s) {
                    break;
                }
                pos += 4 + s;
                n++;
            }
        } catch (IOException e) {
            // what could be counted is counted; the reader will set the file aside
        }
        return n;
    }

    void close() {
        DiskQueueFiles.closeQuietly(file);
        file = null;
        fileSize = -1;
        buf.clear().limit(0);
        bufStart = 0;
    }
}
