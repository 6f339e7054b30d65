package io.jnsq.diskqueue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * The disk queue's write file. Records go to an explicit position, so after a failed write the next one
 * overwrites whatever the failure left behind; that rest is also cut off at once so that a restart, which
 * trusts the file length (see {@link DiskQueue}), does not take it for unsynced records.
 */
final class DiskQueueWriter {
    /** A batch is written out once it holds this much, which bounds the per-thread buffer. */
    static final int BATCH_FLUSH_BYTES = 256 * 1024;
    /**
     * Records are encoded into a buffer of the publishing thread: a queue only borrows it inside one
     * synchronized put, and event loop threads are few where queues can be many thousands.
     */
    private static final int BATCH_CAPACITY = BATCH_FLUSH_BYTES + 64 * 1024;
    private static final ThreadLocal<ByteBuf> BATCH =
            ThreadLocal.withInitial(() -> Unpooled.directBuffer(BATCH_CAPACITY));

    private FileChannel file;

    static ByteBuf batchBuffer() {
        return BATCH.get();
    }

    /** Empties the buffer and gives back what one very large record made it grow by. */
    static void releaseBatchBuffer(ByteBuf batch) {
        batch.clear();
        if (batch.capacity() > BATCH_CAPACITY) {
            batch.capacity(BATCH_CAPACITY);
        }
    }

    /**
     * Writes {@code record} at {@code pos} of the open file, or of {@code path}, which it opens (creating it, mode
     * 0600) when none is.
     */
    void write(Path path, long pos, ByteBuffer record) throws IOException {
        try {
            if (file == null) {
                file = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        AtomicFile.ownerOnly(path));
            }
            long at = pos;
            while (record.hasRemaining()) {
                at += file.write(record, at);
            }
        } catch (IOException e) {
            abandon(pos, e);
            throw e;
        }
    }

    /** The open write file, or {@code null}: for a sync that runs while writing goes on. */
    FileChannel channel() {
        return file;
    }

    /** Fsyncs the data written so far; {@code writePos} is where a failure cuts the file. */
    void force(long writePos) throws IOException {
        if (file == null) {
            return;
        }
        try {
            file.force(false);
        } catch (IOException e) {
            abandon(writePos, e);
            throw e;
        }
    }

    private void abandon(long writePos, IOException cause) {
        try {
            discardFrom(writePos);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Cuts the file at {@code pos} and closes it: what was written after it is given up. */
    void discardFrom(long pos) throws IOException {
        try {
            if (file != null) {
                file.truncate(pos);
            }
        } finally {
            close();
        }
    }

    void close() {
        DiskQueueFiles.closeQuietly(file);
        file = null;
    }
}
