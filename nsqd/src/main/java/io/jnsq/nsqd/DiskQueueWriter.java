package io.jnsq.nsqd;

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
    private FileChannel file;

    /** Writes {@code record} at {@code pos} of {@code path}, creating the file (mode 0600) if needed. */
    void write(Path path, long pos, ByteBuffer record) throws IOException {
        try {
            if (file == null) {
                file = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        DiskQueueMeta.ownerOnly(path));
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
        if (file != null) {
            try {
                file.truncate(writePos);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        close();
    }

    void close() {
        DiskQueue.closeQuietly(file);
        file = null;
    }
}
