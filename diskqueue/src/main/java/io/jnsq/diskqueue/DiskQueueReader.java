package io.jnsq.diskqueue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads disk queue records, {@code [size: int32 BE][payload: size bytes]}, from one data file through a read-ahead
 * buffer. A size outside the queue's limits, a record running past the end of the data, or a payload whose start its
 * {@link RecordFormat#isValidStart format refuses} makes a record corrupt ({@link CorruptRecordException}). Nothing
 * marks where the next record starts, so {@link #findNextRecord} looks for the next bytes that read as a whole record.
 */
final class DiskQueueReader {
    /** The queue's logger: corruption is the queue's news. */
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final int minMsgSize;
    private final int maxMsgSize;
    private final RecordFormat<?> format;
    /** The size and the smallest payload: what {@link #findNextRecord} checks before it looks further. */
    private final int headerSize;
    private FileChannel file;
    private long fileSize = -1;
    private ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    /** File offset of {@code buf}'s first byte. */
    private long bufStart;
    private long position;
    private int payloadSize;

    DiskQueueReader(int minMsgSize, int maxMsgSize, RecordFormat<?> format) {
        this.minMsgSize = minMsgSize;
        this.maxMsgSize = maxMsgSize;
        this.format = format;
        this.headerSize = 4 + minMsgSize;
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

    /**
     * Reads the record at {@code pos}, which with all its bytes must lie before {@code end}; returns where its payload
     * starts in {@link #buffer()}, {@link #payloadSize()} bytes long, until the next call.
     */
    int read(long pos, long end) throws IOException {
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
        if (!format.isValidStart(buf.array(), at)) {
            throw new CorruptRecordException("invalid record start at " + pos, false);
        }
        position = pos + 4 + size;
        payloadSize = size;
        return at;
    }

    /** The read-ahead buffer the last {@link #read} left its record in; a heap buffer. */
    ByteBuffer buffer() {
        return buf;
    }

    int payloadSize() {
        return payloadSize;
    }

    /**
     * The position of the first record from {@code from} on that reads whole before {@code end} and is followed
     * by {@code end} or by another record header, so that a lookalike inside a body is unlikely to be taken;
     * -1 if there is none.
     */
    long findNextRecord(long from, long end) throws IOException {
        for (long pos = from; end - pos >= headerSize; pos++) {
            int size = sizeAt(pos, end);
            if (size < 0 || end - pos - 4 < size) {
                continue;
            }
            long next = pos + 4 + size;
            if (next == end || sizeAt(next, end) >= 0) {
                return pos;
            }
        }
        return -1;
    }

    /** The size in the header at {@code pos} if it is within the limits and a valid payload start follows, or -1. */
    private int sizeAt(long pos, long end) throws IOException {
        if (end - pos < headerSize) {
            return -1;
        }
        int at = fill(pos, headerSize, end);
        int size = buf.getInt(at);
        if (size < minMsgSize || size > maxMsgSize) {
            return -1;
        }
        return format.isValidStart(buf.array(), at + 4) ? size : -1;
    }

    /** Where reading goes on after corrupt bytes were set aside, and whether a counted record went with them. */
    record SetAside(long readOn, boolean recordLost) {
    }

    /**
     * The record at {@code from} of the open file, {@code file} of queue {@code queueName}, is corrupt: its bytes, up
     * to the next record that reads whole or to {@code end}, are appended to {@code <file>.bad} and logged at ERROR.
     * A failure to save them is logged: the bytes could not be read anyway, and losing the records after them as well
     * would be worse.
     *
     * @throws IOException when the open file fails to read (not a corrupt record: the file is to be set aside whole)
     */
    SetAside setAside(String queueName, Path file, long from, long end, CorruptRecordException e) throws IOException {
        long next = findNextRecord(from + 1, end);
        long to = next < 0 ? end : next;
        // metadata can have the write file longer than it is: only the bytes there are can be moved
        long saved = Math.max(from, Math.min(to, currentSize()));
        Path bad = DiskQueueFiles.bad(file);
        log.error("DISKQUEUE({}) corrupt data in {} from {} to {} ({} bytes) - {}, moving it to {}", queueName, file,
                from, saved, saved - from, e.getMessage(), bad);
        try {
            copy(from, saved, bad);
        } catch (IOException io) {
            log.error("DISKQUEUE({}) failed to save corrupt data to {}, dropping it - {}", queueName, bad,
                    io.getMessage());
        }
        // a record cut off by the end of the data with nothing after it is a write torn by a crash: never counted
        return new SetAside(to, next >= 0 || !e.cutShort());
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
