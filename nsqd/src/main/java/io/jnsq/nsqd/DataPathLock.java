package io.jnsq.nsqd;

import io.jnsq.common.io.GoFileErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second nsqd off a data path. NSQ flocks the directory itself, which Java cannot do; we lock a file in
 * it ({@code .nsqd.lock}, which NSQ ignores) and report failures with NSQ's messages.
 */
final class DataPathLock implements AutoCloseable {
    static final String FILE_NAME = ".nsqd.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DataPathLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dataPath}, which must exist. */
    static DataPathLock acquire(Path dataPath) throws IOException {
        if (!Files.exists(dataPath)) {
            throw new IOException("failed to lock data-path: open " + dataPath + ": no such file or directory");
        }
        if (!Files.isDirectory(dataPath)) {
            throw new IOException("failed to lock data-path: open " + dataPath + ": not a directory");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dataPath.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            throw new IOException("failed to lock data-path: " + GoFileErrors.describe("open", e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("failed to lock data-path: cannot flock directory " + dataPath
                    + " - resource temporarily unavailable (possibly in use by another instance of nsqd)");
        }
        return new DataPathLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping; the OS drops the lock with the file descriptor anyway
        }
    }
}
