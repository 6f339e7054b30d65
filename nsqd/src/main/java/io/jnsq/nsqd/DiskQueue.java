package io.jnsq.nsqd;

import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FIFO of messages on disk in go-diskqueue's format, so a data directory moves between NSQ's nsqd and ours
 * both ways: files {@code <name>.diskqueue.NNNNNN.dat} of records {@code [int32 BE size][payload]} (payload as
 * in a message frame) and {@code <name>.diskqueue.meta.dat} (see {@link DiskQueueMeta}).
 *
 * <p>Unlike go-diskqueue there is no I/O goroutine: {@link #putAll} writes and {@link #poll} reads on the
 * caller's thread under this object's lock, and the records of one MPUB go out in one write. Publishes whose write
 * {@link #writeMayWait may wait} for the disk call {@link #putAll} from nsqd's storage thread ({@link
 * BackendWriter}). Every record is written before {@link #putAll} returns, so a killed process loses nothing that
 * was acknowledged. Data is fsynced and the metadata persisted after {@code syncEvery} reads and writes (counting
 * messages), once {@code syncTimeout} has passed with activity since the last sync (checked on each operation and
 * by the owner's timer through {@link #syncIfDue()}), on every file roll and file change of the reader, after a
 * read error and on close. The periodic syncs run on a sync executor so that an fsync does not stall the caller;
 * those that must come before what follows them (file changes, close) run inline, and a write with
 * {@code syncEvery} 1 waits for its own outside the lock.
 *
 * <p>Deferred messages keep their deadline in a side file ({@link DeferredDeadlines}), so the records stay in
 * NSQ's format.
 *
 * <p>A channel's queue holds its reads ({@link HeldReads}): a record read stays on disk until its message is
 * {@link #release released} (finished, or stored again elsewhere), and the read position persisted is that of the
 * oldest record still held, so a crash loses no message that was in flight. NSQ persists the position of the
 * reader and loses them. The metadata keeps NSQ's format: the depth persisted counts the held records too.
 *
 * <p>Where NSQ loses or repeats data we do not: the metadata is persisted before a consumed file is deleted,
 * a write file longer than the persisted writePos (unsynced writes before a crash) is never written into again,
 * and its extra records are counted into the depth and read. A corrupt record costs only itself: NSQ renames the
 * whole file to {@code .bad} and loses every record after the bad one; we append the bytes from the bad record
 * to the next one that reads whole to {@code <file>.bad} and read on from there.
 */
final class DiskQueue implements BackendQueue {
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    /** Timestamp, attempts and ID: the smallest payload. */
    static final int MIN_MSG_SIZE = Frames.MESSAGE_HEADER_SIZE;
    /** An emptied queue whose file holds this much gives it back at once rather than at the next roll. */
    static final long RECYCLE_BYTES = 16L << 20;

    private final String name;
    private final DiskQueueFiles files;
    private final long maxBytesPerFile;
    private final int maxMsgSize;
    private final DiskQueueSyncPolicy syncPolicy;
    private final DiskQueueReader reader;
    private final DeferredDeadlines deadlines;
    private final Executor syncer;
    /** {@code null} for a queue whose reads are final (a topic's). */
    private final HeldReads held;

    private long depth;
    private long readFileNum;
    private long readPos;
    private long writeFileNum;
    private long writePos;

    private final DiskQueueWriter writer = new DiskQueueWriter();
    private final SlowDisk slowDisk;
    /** A publish to the current file failed (a full disk, most often): the file is given back once drained. */
    private boolean writeFailed;
    private boolean backgroundSyncRunning;
    /** A background sync was asked for while one ran. */
    private boolean syncAgain;
    private boolean closed;
    /** writePos, for {@link #writeMayWait} to read without the lock; behind it now and then, a hint. */
    private volatile long writePosHint;

    /**
     * Opens (or starts) the queue {@code name} in {@code dataPath}.
     *
     * @param maxMsgSize nsqd's --max-msg-size; payloads may be that plus {@link #MIN_MSG_SIZE} bytes
     */
    DiskQueue(String name, Path dataPath, long maxBytesPerFile, long maxMsgSize, long syncEvery, Duration syncTimeout) {
        this(name, dataPath, maxBytesPerFile, maxMsgSize, syncEvery, syncTimeout, Runnable::run, false);
    }

    /**
     * As above, with the periodic syncs run by {@code syncer}, so that an fsync does not hold up the publishing or
     * consuming thread; syncs that must precede what follows them (file changes, close, --sync-every=1) stay inline.
     * With {@code holdReads} each record read stays on disk until {@link #release released}.
     */
    DiskQueue(String name, Path dataPath, long maxBytesPerFile, long maxMsgSize, long syncEvery, Duration syncTimeout,
            Executor syncer, boolean holdReads) {
        this.name = name;
        this.slowDisk = new SlowDisk(name);
        this.syncer = syncer;
        this.held = holdReads ? new HeldReads() : null;
        this.files = new DiskQueueFiles(name, dataPath);
        this.maxBytesPerFile = maxBytesPerFile;
        this.maxMsgSize = (int) Math.min(Integer.MAX_VALUE, maxMsgSize + MIN_MSG_SIZE);
        this.syncPolicy = new DiskQueueSyncPolicy(syncEvery, syncTimeout);
        this.reader = new DiskQueueReader(MIN_MSG_SIZE, this.maxMsgSize);
        this.deadlines = DeferredDeadlines.load(files.deadlines());
        DiskQueueRecovery.Opened opened = DiskQueueRecovery.open(name, files, reader);
        DiskQueueMeta meta = opened.meta();
        depth = meta.depth();
        readFileNum = meta.readFileNum();
        readPos = meta.readPos();
        writeFileNum = meta.writeFileNum();
        writePos = meta.writePos();
        writePosHint = writePos;
        if (opened.writesMoved()) {
            syncQuietly(true);
        }
        files.consumingFrom(readFileNum);
    }

    /**
     * A queue with nsqd's settings; {@code name} is {@code <topic>} or {@code <topic>:<channel>}, the ':' written
     * as ';' on Windows as NSQ does. A channel's holds its reads.
     */
    static DiskQueue open(String name, NsqdOptions opts, Executor syncer) {
        Path dir = Path.of(opts.dataPath.isEmpty() ? "." : opts.dataPath);
        return new DiskQueue(DiskQueueFiles.fileName(name), dir, opts.maxBytesPerFile, opts.maxMsgSize,
                opts.syncEvery, opts.syncTimeout, syncer, name.indexOf(':') >= 0);
    }

    /**
     * Writes the records of {@code messages} with as few writes as file rolls allow: one for a whole MPUB in
     * the usual case. Every record is written before this returns, and sizes are checked before any is. A
     * publish that fails takes its records back when they are all in the write file, so that a refused message
     * is not delivered all the same (and again when the publisher retries). With --sync-every=1 the fsync that
     * follows runs outside the lock, so that the queue's readers do not wait for the disk too; when it fails, the
     * records are taken back unless a reader or another write got past them meanwhile.
     */
    @Override
    public void putAll(List<Message> messages) throws BackendException {
        Written written = write(messages);
        if (written == null) {
            return;
        }
        IOException failure = written.sync.sync(files);
        if (failure != null) {
            BackendException e = new BackendException(String.format("DISKQUEUE(%s) failed to sync - %s", name,
                    failure), failure);
            takeBack(written, e);
            throw e;
        }
    }

    /**
     * Records written, not yet synced: from {@code startPos} of file {@code fileNum} to {@code endPos} of the write
     * file.
     */
    private record Written(SyncPoint sync, long fileNum, long startPos, long endPos, int records) {
    }

    /** {@link #putAll} under the lock; returns the records written if they must be synced before their answer. */
    private synchronized Written write(List<Message> messages) throws BackendException {
        if (closed) {
            throw new BackendException("exiting", null);
        }
        for (Message m : messages) {
            int size = MIN_MSG_SIZE + m.body.length;
            if (size > maxMsgSize) {
                throw new BackendException(String.format("invalid message write size (%d) minMsgSize=%d"
                        + " maxMsgSize=%d", size, MIN_MSG_SIZE, maxMsgSize), null);
            }
        }
        long startFileNum = writeFileNum;
        long startPos = writePos;
        long startDepth = depth;
        long startOperations = syncPolicy.operations();
        try {
            writeAll(messages);
            if (syncPolicy.syncsEveryWrite() && !syncPolicy.isPending()) {
                // records across a roll stay if the sync fails: the take-back below is for one file only
                return new Written(takeSyncPoint(), startFileNum, startPos, writePos, messages.size());
            }
            syncIfNeeded(true);
            return null;
        } catch (BackendException | IOException e) {
            writeFailed = true;
            if (writeFileNum == startFileNum && writePos > startPos) {
                syncPolicy.rollBackTo(startOperations);
                discardWrittenFrom(startPos, startDepth, e);
            }
            throw e instanceof BackendException b ? b
                    : new BackendException(String.format("DISKQUEUE(%s) failed to sync - %s", name, e), e);
        }
    }

    /** The sync of {@code written} failed: the records go unless a reader or another write got past them. */
    private synchronized void takeBack(Written written, BackendException e) {
        files.consumedAgain(written.sync.consumed);
        syncPolicy.requireSync();
        writeFailed = true;
        boolean unread = readFileNum < written.fileNum
                || (readFileNum == written.fileNum && readPos <= written.startPos);
        if (writeFileNum != written.fileNum || writePos != written.endPos || !unread) {
            return;
        }
        discardWrittenFrom(written.startPos, Math.max(0, depth - written.records), e);
    }

    /** A refused write's records, from {@code pos} of the write file on, are cut off; the depth goes back. */
    private void discardWrittenFrom(long pos, long depthBefore, Exception failure) {
        writePos = pos;
        writePosHint = pos;
        depth = depthBefore;
        try {
            writer.discardFrom(pos);
        } catch (IOException cut) {
            failure.addSuppressed(cut);
        }
    }

    /**
     * Yes with --sync-every=1 (an fsync per write), for a write that rolls the file (an fsync of the finished one),
     * and for every write while the disk is {@link SlowDisk slow}.
     */
    @Override
    public boolean writeMayWait(List<Message> messages) {
        if (syncPolicy.syncsEveryWrite() || slowDisk.isSlow()) {
            return true;
        }
        long end = writePosHint;
        for (Message m : messages) {
            end += 4 + MIN_MSG_SIZE + m.body.length;
        }
        return writePosHint > 0 && end > maxBytesPerFile;
    }

    private void writeAll(List<Message> messages) throws BackendException {
        ByteBuf batch = DiskQueueWriter.batchBuffer();
        int records = 0;
        try {
            for (Message m : messages) {
                long end = writePos + batch.readableBytes();
                int recordSize = 4 + MIN_MSG_SIZE + m.body.length;
                boolean fileFull = end > 0 && end + recordSize > maxBytesPerFile;
                if (fileFull || batch.readableBytes() >= DiskQueueWriter.BATCH_FLUSH_BYTES) {
                    write(batch, records);
                    records = 0;
                    if (fileFull) {
                        roll();
                    }
                }
                DiskQueueWriter.writeRecord(batch, m);
                deadlines.record(m);
                records++;
            }
            write(batch, records);
        } finally {
            DiskQueueWriter.releaseBatchBuffer(batch);
        }
    }

    /** Writes the {@code records} in {@code batch} at the write position, emptying it. */
    private void write(ByteBuf batch, int records) throws BackendException {
        if (records == 0) {
            return;
        }
        Path file = files.data(writeFileNum);
        int bytes = batch.readableBytes();
        long start = System.nanoTime();
        try {
            writer.write(file, writePos, batch.nioBuffer());
        } catch (IOException e) {
            throw new BackendException(String.format("DISKQUEUE(%s) failed to write to %s - %s", name, file, e), e);
        }
        slowDisk.wrote(bytes, start);
        batch.clear();
        writePos += bytes;
        writePosHint = writePos;
        depth += records;
        syncPolicy.counted(records);
    }

    /** Moves writes to the next file number; the finished file is fsynced and the new position persisted. */
    private void roll() throws BackendException {
        try {
            writer.force(writePos);
        } catch (IOException e) {
            throw new BackendException(String.format("DISKQUEUE(%s) failed to sync - %s", name, e), e);
        }
        writer.close();
        writeFileNum++;
        writePos = 0;
        writePosHint = 0;
        writeFailed = false;
        // on failure the write that follows retries the sync (and fails the publish if it fails again)
        syncQuietly(true);
    }

    @Override
    public synchronized Message poll() {
        if (closed) {
            return null;
        }
        while (true) {
            if (caughtUp()) {
                checkTailCorruption();
                deadlines.clear();
                syncQuietly(false);
                recycleDrainedFile();
                return null;
            }
            boolean finished = readFileNum < writeFileNum;
            try {
                if (!reader.isOpen()) {
                    reader.open(files.data(readFileNum), readPos);
                }
                long end = finished ? reader.fileSize() : writePos;
                if (readPos >= end) {
                    nextReadFile();
                    continue;
                }
                Message m = reader.read(readPos, end);
                deadlines.restore(m);
                if (held != null) {
                    m.diskMark = held.hold(readFileNum, readPos);
                }
                readPos = reader.position();
                countOneFewer();
                syncPolicy.counted(1);
                if (finished && readPos >= end) {
                    nextReadFile();
                }
                checkTailCorruption();
                syncQuietly(false);
                return m;
            } catch (CorruptRecordException e) {
                skipCorruptRecord(e, finished);
            } catch (IOException e) {
                handleReadError(e);
            }
        }
    }

    /**
     * A message read or lost. Metadata that undercounted leaves more messages than the depth: it stays at 0 until
     * the tail puts it right, where NSQ's goes negative (and stays so until the tail).
     */
    private void countOneFewer() {
        depth = Math.max(0, depth - 1);
    }

    private boolean caughtUp() {
        return readFileNum > writeFileNum || (readFileNum == writeFileNum && readPos >= writePos);
    }

    /**
     * The reader is past the end of a finished file: persist that, then delete the file, both on the sync thread so
     * that the reading event loop does not wait for the disk. When the sync fails the file is kept (without the new
     * position on disk a restart would read it again) and deleted after the next sync that succeeds.
     */
    private void nextReadFile() {
        reader.close();
        readFileNum++;
        readPos = 0;
        consumeFilesBeforeOldestHeld();
        syncInBackground();
    }

    /** Data files wholly read and holding no held record go at the next sync; returns whether there were any. */
    private boolean consumeFilesBeforeOldestHeld() {
        return files.consumedBefore(held == null || held.isEmpty() ? readFileNum : held.oldestFileNum());
    }

    /**
     * The message read with {@code mark} ({@link Message#diskMark}) is finished, or stored again elsewhere: its
     * record no longer needs keeping. Counts as an operation for --sync-every, as a read does, so that with
     * --sync-every=1 a finished message is not delivered again after a crash; the sync runs in the background.
     */
    @Override
    public synchronized void release(long mark) {
        if (held != null && !closed) {
            released(held.release(mark), 1);
        }
    }

    @Override
    public synchronized void release(long[] marks, int count) {
        if (held == null || closed) {
            return;
        }
        boolean moved = false;
        for (int i = 0; i < count; i++) {
            moved |= held.release(marks[i]);
        }
        released(moved, count);
    }

    private void released(boolean oldestMoved, int operations) {
        if (!oldestMoved) {
            return;
        }
        syncPolicy.counted(operations);
        // the persisted position leaving a file is synced now, in the background as the reader's, so the file can go
        if (consumeFilesBeforeOldestHeld()) {
            syncInBackground();
        } else {
            syncQuietly(false);
        }
    }

    /**
     * The queue is empty: its file is deleted and writing goes on in the next one when the file holds
     * {@link #RECYCLE_BYTES} or more, or a write to it failed. Disk space then returns as soon as consumers catch
     * up, where NSQ holds it until the file reaches --max-bytes-per-file: a full disk frees itself once the
     * messages are consumed. The caught-up position is persisted first; on a full disk that fails until the
     * file's space is freed, so the file goes all the same (all it held was consumed) and the new position is
     * persisted after.
     */
    private void recycleDrainedFile() {
        if (depth != 0 || readFileNum != writeFileNum || readPos != writePos || writePos == 0
                || (writePos < RECYCLE_BYTES && !writeFailed) || (held != null && !held.isEmpty())) {
            return;
        }
        syncQuietly(true);
        reader.close();
        writer.close();
        files.consumed(writeFileNum);
        writeFileNum++;
        writePos = 0;
        readFileNum = writeFileNum;
        readPos = 0;
        files.consumingFrom(readFileNum);
        writeFailed = false;
        files.deleteConsumed();
        syncQuietly(true);
    }

    /**
     * The record at readPos is corrupt: its bytes up to the next record that reads whole, or to the end of the
     * data, are moved to {@code <file>.bad} and reading goes on after them. The next read persists the move.
     */
    private void skipCorruptRecord(CorruptRecordException e, boolean finished) {
        Path file = files.data(readFileNum);
        long from = readPos;
        long end;
        long next;
        try {
            end = finished ? reader.fileSize() : writePos;
            next = reader.findNextRecord(from + 1, end);
        } catch (IOException io) {
            handleReadError(io);
            return;
        }
        long to = next < 0 ? end : next;
        long saved;
        try {
            // metadata can have the write file longer than it is: only the bytes there are can be moved
            saved = Math.max(from, Math.min(to, reader.currentSize()));
        } catch (IOException io) {
            handleReadError(io);
            return;
        }
        Path bad = DiskQueueFiles.bad(file);
        log.error("DISKQUEUE({}) corrupt data in {} from {} to {} ({} bytes) - {}, moving it to {}", name, file, from,
                saved, saved - from, e.getMessage(), bad);
        try {
            reader.copy(from, saved, bad);
        } catch (IOException io) {
            // the bytes could not be read anyway; losing the records after them as well would be worse
            log.error("DISKQUEUE({}) failed to save corrupt data to {}, dropping it - {}", name, bad, io.getMessage());
        }
        // a record cut off by the end of the data with nothing after it is a write torn by a crash: never counted
        if (next >= 0 || !e.cutShort()) {
            countOneFewer();
        }
        readPos = to;
        syncPolicy.requireSync();
    }

    /**
     * The read file fails to read (the file system's error, not a corrupt record): as NSQ, set it aside whole as
     * {@code .bad} and go on with the next file; a missing one is passed over to the next that exists.
     */
    private void handleReadError(IOException e) {
        Path bad = files.data(readFileNum);
        log.error("DISKQUEUE({}) reading at {} of {} - {}", name, readPos, bad, e.getMessage());
        reader.close();
        if (readFileNum == writeFileNum) {
            writer.close();
            writeFileNum++;
            writePos = 0;
        }
        files.setAside(bad);
        readFileNum = e instanceof NoSuchFileException ? files.nextDataFile(readFileNum, writeFileNum)
                : readFileNum + 1;
        readPos = 0;
        syncPolicy.requireSync();
        syncQuietly(false);
    }

    /** At the end of the data the depth must be 0 and the positions equal; records lost to corruption break that. */
    private void checkTailCorruption() {
        if (!caughtUp()) {
            return;
        }
        if (depth != 0) {
            log.error("DISKQUEUE({}) positive depth at tail ({}), data loss, resetting 0...", name, depth);
            depth = 0;
            syncPolicy.requireSync();
        }
        if (readFileNum != writeFileNum || readPos != writePos) {
            log.error("DISKQUEUE({}) read position {},{} past write position {},{}, corruption, skipping to next"
                    + " writeFileNum and resetting 0...", name, readFileNum, readPos, writeFileNum, writePos);
            skipToNextFile();
            syncPolicy.requireSync();
        }
    }

    @Override
    public synchronized long depth() {
        return depth;
    }

    /**
     * From the positions, not the depth: a depth that damaged metadata undercounted must not keep the messages
     * after it from being read.
     */
    @Override
    public synchronized boolean isEmpty() {
        return closed || caughtUp();
    }

    @Override
    public synchronized void empty() throws BackendException {
        if (closed) {
            throw new BackendException("exiting", null);
        }
        log.info("DISKQUEUE({}): emptying", name);
        IOException failure = skipToNextFile();
        saveDeadlines();
        IOException metaFailure = files.deleteQuietly(files.meta());
        syncQuietly(true);
        failure = failure != null ? failure : metaFailure;
        if (failure != null) {
            throw new BackendException(String.format("DISKQUEUE(%s) failed to remove data file - %s", name,
                    failure), failure);
        }
    }

    /**
     * Deletes the data files from readFileNum to writeFileNum and starts after them, empty; returns the first
     * failure to delete a file, or null.
     */
    private IOException skipToNextFile() {
        reader.close();
        writer.close();
        if (held != null) {
            held.clear();
            consumeFilesBeforeOldestHeld();
        }
        IOException failure = files.deleteData(readFileNum, writeFileNum);
        writeFileNum++;
        writePos = 0;
        readFileNum = writeFileNum;
        readPos = 0;
        files.consumingFrom(readFileNum);
        depth = 0;
        deadlines.clear();
        return failure;
    }

    /** Syncs when the policy asks for it: {@code syncEvery} operations, a pending sync, or the timeout. */
    @Override
    public synchronized void syncIfDue() {
        if (!closed && !syncPolicy.isPending() && syncPolicy.isTimedOut()) {
            syncInBackground();
        } else if (!closed && syncPolicy.isPending()) {
            syncQuietly(true);
        }
    }

    /**
     * A sync that failed is retried inline, so the operation that finds it fails when it fails again; with
     * --sync-every=1 every write is fsynced before it is acknowledged; other due syncs, reads' included, go to
     * the background (a read position synced late costs at most a redelivery).
     */
    private void syncIfNeeded(boolean afterWrite) throws IOException {
        if (syncPolicy.isPending()) {
            sync();
        } else if (syncPolicy.isDue()) {
            if (afterWrite && syncPolicy.syncsEveryWrite()) {
                sync();
            } else {
                syncInBackground();
            }
        }
    }

    /**
     * Hands the fsync and the metadata write of the current positions to the syncer, which then deletes the files
     * consumed before them; one at a time, and one more after it when asked for meanwhile.
     */
    private void syncInBackground() {
        if (backgroundSyncRunning) {
            syncAgain = true;
            return;
        }
        backgroundSyncRunning = true;
        SyncPoint point = takeSyncPoint();
        syncer.execute(() -> finishBackgroundSync(point));
    }

    /** The current positions, to be fsynced and persisted outside the lock: counted as synced from now on. */
    private SyncPoint takeSyncPoint() {
        SyncPoint point = new SyncPoint(writer.channel(), currentMeta(), files.takeMeta(), files.takeConsumed());
        syncPolicy.synced();
        return point;
    }

    /**
     * The write file as it is now, the positions to persist once it is fsynced (with their ticket), and the files
     * consumed before them, deleted once they are persisted; a failed sync hands those back under the lock.
     */
    private record SyncPoint(FileChannel file, DiskQueueMeta meta, long ticket, List<Path> consumed) {
        IOException sync(DiskQueueFiles files) {
            IOException failure = files.syncAndWriteMeta(file, meta, ticket);
            if (failure == null) {
                files.delete(consumed);
            }
            return failure;
        }
    }

    private void finishBackgroundSync(SyncPoint point) {
        IOException failure = point.sync(files);
        synchronized (this) {
            backgroundSyncRunning = false;
            if (failure != null) {
                log.error("DISKQUEUE({}) failed to sync - {}", name, failure.getMessage());
                files.consumedAgain(point.consumed);
                syncPolicy.requireSync();
            } else if (syncAgain && !closed) {
                syncAgain = false;
                syncInBackground();
            }
        }
    }

    /** The positions to persist: with reads held, from the oldest held record on, which a restart reads again. */
    private DiskQueueMeta currentMeta() {
        if (held != null && !held.isEmpty()) {
            return new DiskQueueMeta(depth + held.span(), held.oldestFileNum(), held.oldestPosition(), writeFileNum,
                    writePos);
        }
        return new DiskQueueMeta(depth, readFileNum, readPos, writeFileNum, writePos);
    }

    /** Syncs, logging a failure and leaving the sync due for the next operation; {@code false} if it failed. */
    private boolean syncQuietly(boolean force) {
        try {
            if (force) {
                sync();
            } else {
                syncIfNeeded(false);
            }
            return true;
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to sync - {}", name, e.getMessage());
            syncPolicy.requireSync();
            return false;
        }
    }

    /** Fsyncs the write file and persists the metadata. */
    private void sync() throws IOException {
        writer.force(writePos);
        files.writeMeta(currentMeta(), files.takeMeta());
        files.deleteConsumed();
        syncPolicy.synced();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        log.info("DISKQUEUE({}): closing", name);
        syncQuietly(true);
        saveDeadlines();
        closed = true;
        reader.close();
        writer.close();
    }

    /** Closes without syncing and removes the data files and the metadata; {@code .bad} files stay. */
    @Override
    public synchronized void delete() {
        log.info("DISKQUEUE({}): deleting", name);
        files.retireMeta();
        closed = true;
        reader.close();
        writer.close();
        files.deleteData(readFileNum, writeFileNum);
        files.deleteQuietly(files.meta());
        deadlines.clear();
        saveDeadlines();
    }

    /** Deadlines of deferred messages go to their side file; without it they would be delivered early. */
    private void saveDeadlines() {
        try {
            deadlines.save();
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to save deferred deadlines - {}", name, e.getMessage());
        }
    }
}
