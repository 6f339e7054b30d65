package io.jnsq.diskqueue;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FIFO of records on disk in go-diskqueue's format, so a data directory moves between NSQ's nsqd and ours
 * both ways: files {@code <name>.diskqueue.NNNNNN.dat} of records {@code [int32 BE size][payload]} and
 * {@code <name>.diskqueue.meta.dat} (see {@link DiskQueueMeta}). What a payload holds is its {@link RecordFormat}'s
 * business: the queue knows sizes only.
 *
 * <p>Unlike go-diskqueue there is no I/O goroutine: {@link #putAll} writes and {@link #poll} reads on the
 * caller's thread under this object's lock, and the records of one {@link #putAll} go out in one write. A caller
 * that must not wait for the disk asks {@link #writeMayWait} first and hands such writes to a thread of its own
 * (nsqd's storage thread); a reader that must not wait uses {@link #pollNow}, which answers at once while such a
 * write holds the lock. Every record is written before {@link #putAll} returns, so a killed process loses nothing
 * that was acknowledged. Data is fsynced and the metadata persisted after {@code syncEvery} reads and writes (counting
 * messages), once {@code syncTimeout} has passed with activity since the last sync (checked on each operation and
 * by the owner's timer through {@link #syncIfDue()}), on every file roll and file change of the reader, after a
 * read error and on close. The periodic syncs run on a sync executor so that an fsync does not stall the caller;
 * those that must come before what follows them (file changes, close) run inline, and a write with
 * {@code syncEvery} 1 waits for its own outside the lock.
 *
 * <p>A queue built to {@link DiskQueueBuilder#holdReads hold its reads} (nsqd's channels) keeps a record read on
 * disk until it is {@link #release released} (its message finished, or stored again elsewhere), and the read position
 * persisted is that of the oldest record still held, so a crash loses no message that was in flight. NSQ persists
 * the position of the reader and loses them. The metadata keeps NSQ's format: the depth persisted counts the held
 * records too.
 *
 * <p>Where NSQ loses or repeats data we do not: the metadata is persisted before a consumed file is deleted,
 * a write file longer than the persisted writePos (unsynced writes before a crash) is never written into again,
 * and its extra records are counted into the depth and read. A corrupt record costs only itself: NSQ renames the
 * whole file to {@code .bad} and loses every record after the bad one; we append the bytes from the bad record
 * to the next one that reads whole to {@code <file>.bad} and read on from there. (A record found after damage is
 * taken only when the end of the data or another record follows it, so that one read from the middle of a payload
 * is unlikely; a single whole record between two damaged ones goes with them.)
 *
 * @param <T> what a record holds, as its {@link RecordFormat} reads and writes it
 */
public final class DiskQueue<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    /** An emptied queue whose file holds this much gives it back at once rather than at the next roll. */
    public static final long RECYCLE_BYTES = 16L << 20;

    private final String name;
    private final RecordFormat<T> format;
    private final DiskQueueFiles files;
    private final long maxBytesPerFile;
    private final int minMsgSize;
    private final int maxMsgSize;
    private final DiskQueueSyncPolicy syncPolicy;
    private final DiskQueueSyncs syncs;
    private final DiskQueueReader reader;
    /** {@code null} for a queue whose reads are final (a topic's). */
    private final HeldReads held;

    /** Volatile for {@link #depth()}, which does not wait for a write. */
    private volatile long depth;
    private long readFileNum;
    private long readPos;
    private long writeFileNum;
    private long writePos;

    private final DiskQueueWriter writer = new DiskQueueWriter();
    private final SlowDisk slowDisk;
    /** A write to the current file failed (a full disk, most often): the file is given back once drained. */
    private boolean writeFailed;
    private boolean closed;
    /**
     * A write that may wait for the disk (a slow disk, a file roll) holds the lock: meanwhile {@link #pollNow},
     * {@link #isEmpty} and {@link #release} answer without waiting for it.
     */
    private volatile boolean writeWaiting;
    /** writePos, for {@link #writeMayWait} to read without the lock; behind it now and then, a hint. */
    private volatile long writePosHint;

    DiskQueue(String name, Path dataPath, RecordFormat<T> format, long maxBytesPerFile, int minMsgSize, int maxMsgSize,
            DiskQueueSyncPolicy syncPolicy, Executor syncer, boolean holdReads) {
        this.name = name;
        this.format = format;
        this.slowDisk = new SlowDisk(name);
        this.held = holdReads ? new HeldReads() : null;
        this.files = new DiskQueueFiles(name, dataPath);
        this.maxBytesPerFile = maxBytesPerFile;
        this.minMsgSize = minMsgSize;
        this.maxMsgSize = maxMsgSize;
        this.syncPolicy = syncPolicy;
        this.syncs = new DiskQueueSyncs(name, this, files, writer, syncPolicy, syncer, this::currentMeta);
        this.reader = new DiskQueueReader(minMsgSize, maxMsgSize, format);
        DiskQueueRecovery.Opened opened = DiskQueueRecovery.open(name, files, reader);
        DiskQueueMeta meta = opened.meta();
        depth = meta.depth();
        readFileNum = meta.readFileNum();
        readPos = meta.readPos();
        writeFileNum = meta.writeFileNum();
        writePos = meta.writePos();
        writePosHint = writePos;
        if (opened.writesMoved()) {
            syncs.quietly(true);
        }
        files.consumingFrom(readFileNum);
    }

    /**
     * A queue of files {@code <name>.diskqueue.*} in {@code dataPath}, to be opened (or started) with go-diskqueue's
     * settings made on the builder.
     */
    public static <T> DiskQueueBuilder<T> builder(String name, Path dataPath, RecordFormat<T> format) {
        return new DiskQueueBuilder<>(name, dataPath, format);
    }

    /**
     * The name of the queue a file in a data path belongs to, from the file's name, or {@code null} for a file of no
     * queue: every file of queue {@code q}, its own and those {@link #fileBeside beside it}, is named
     * {@code <q>.diskqueue.<what>}.
     */
    public static String queueOf(String fileName) {
        return DiskQueueFiles.queueOf(fileName);
    }

    /**
     * A file of the owner's beside queue {@code name}'s, {@code <name>.diskqueue.<what>}: {@link #queueOf} gives it to
     * the queue, and {@link AtomicFile#deleteLeftovers} cleans up after it. {@code what} must not be {@code meta.dat}
     * or end in a number and {@code .dat}, which are the queue's own.
     */
    public static Path fileBeside(Path dataPath, String name, String what) {
        return DiskQueueFiles.named(dataPath, name, what);
    }


    /** {@link #putAll} of one item. */
    public void put(T item) throws DiskQueueException {
        putAll(List.of(item));
    }

    /**
     * Writes the records of {@code items}, in order, with as few writes as file rolls allow: one in the usual case.
     * Every record is written before this returns, and sizes are checked before any is. A write that fails takes its
     * records back when they are all in the write file, so that a refused item is not read all the same (and again when
     * the writer retries). With {@code syncEvery} 1 the fsync that follows runs outside the lock, so that the queue's
     * readers do not wait for the disk too; when it fails, the records are taken back unless a reader or another write
     * got past them meanwhile.
     */
    public void putAll(List<? extends T> items) throws DiskQueueException {
        Written written = write(items);
        if (written == null) {
            return;
        }
        IOException failure = written.sync.sync(files);
        if (failure != null) {
            DiskQueueException e = new DiskQueueException(String.format("DISKQUEUE(%s) failed to sync - %s", name,
                    failure), failure);
            takeBack(written, e);
            throw e;
        }
    }

    /**
     * Records written, not yet synced: from {@code startPos} of file {@code fileNum} to {@code endPos} of the write
     * file.
     */
    private record Written(DiskQueueSyncs.SyncPoint sync, long fileNum, long startPos, long endPos, int records) {
    }

    /** {@link #putAll} under the lock; returns the records written if they must be synced before their answer. */
    private synchronized Written write(List<? extends T> items) throws DiskQueueException {
        if (closed) {
            throw new DiskQueueException("exiting", null);
        }
        for (T item : items) {
            int size = format.payloadSize(item);
            if (size < minMsgSize || size > maxMsgSize) {
                throw new DiskQueueException(String.format("invalid message write size (%d) minMsgSize=%d"
                        + " maxMsgSize=%d", size, minMsgSize, maxMsgSize), null);
            }
        }
        releaseWaiting();
        writeWaiting = slowDisk.isSlow(); // and from a roll on: see roll()
        try {
            return writeLocked(items);
        } finally {
            writeWaiting = false;
        }
    }

    private Written writeLocked(List<? extends T> items) throws DiskQueueException {
        long startFileNum = writeFileNum;
        long startPos = writePos;
        long startDepth = depth;
        long startOperations = syncPolicy.operations();
        try {
            writeAll(items);
            if (syncPolicy.syncsEveryWrite() && !syncPolicy.isPending()) {
                // records across a roll stay if the sync fails: the take-back below is for one file only
                return new Written(syncs.take(), startFileNum, startPos, writePos, items.size());
            }
            syncs.ifNeeded(true);
            return null;
        } catch (IOException e) {
            writeFailed = true;
            if (writeFileNum == startFileNum && writePos > startPos) {
                syncPolicy.rollBackTo(startOperations);
                discardWrittenFrom(startPos, startDepth, e);
            }
            throw e instanceof DiskQueueException d ? d
                    : new DiskQueueException(String.format("DISKQUEUE(%s) failed to sync - %s", name, e), e);
        }
    }

    /** The sync of {@code written} failed: the records go unless a reader or another write got past them. */
    private synchronized void takeBack(Written written, DiskQueueException e) {
        files.consumedAgain(written.sync.consumed());
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
     * Whether {@link #putAll putting} {@code items} now may keep the caller waiting for the disk rather than the page
     * cache: yes with {@code syncEvery} 1 (an fsync per write), for a write that rolls the file (an fsync of the
     * finished one), and for every write while the disk is {@link SlowDisk slow}. A hint, read without the lock.
     */
    public boolean writeMayWait(List<? extends T> items) {
        return syncPolicy.syncsEveryWrite() || slowDisk.isSlow() || rolls(items, writePosHint);
    }

    /** Whether writing {@code items} at {@code pos} of a file rolls it. */
    private boolean rolls(List<? extends T> items, long pos) {
        long end = pos;
        for (T item : items) {
            end += 4 + format.payloadSize(item);
        }
        return pos > 0 && end > maxBytesPerFile;
    }

    private void writeAll(List<? extends T> items) throws DiskQueueException {
        ByteBuf batch = DiskQueueWriter.batchBuffer();
        int records = 0;
        try {
            for (T item : items) {
                long end = writePos + batch.readableBytes();
                int payloadSize = format.payloadSize(item);
                int recordSize = 4 + payloadSize;
                boolean fileFull = end > 0 && end + recordSize > maxBytesPerFile;
                if (fileFull || batch.readableBytes() >= DiskQueueWriter.BATCH_FLUSH_BYTES) {
                    write(batch, records);
                    records = 0;
                    if (fileFull) {
                        roll();
                    }
                }
                batch.writeInt(payloadSize);
                format.write(item, batch);
                records++;
            }
            write(batch, records);
        } finally {
            DiskQueueWriter.releaseBatchBuffer(batch);
        }
    }

    /** Writes the {@code records} in {@code batch} at the write position, emptying it. */
    private void write(ByteBuf batch, int records) throws DiskQueueException {
        if (records == 0) {
            return;
        }
        // the file's name only to open it: formatting it took 2 % of a fan-out's publishing
        Path file = writer.channel() == null ? files.data(writeFileNum) : null;
        int bytes = batch.readableBytes();
        long start = System.nanoTime();
        try {
            writer.write(file, writePos, batch.nioBuffer());
        } catch (IOException e) {
            throw new DiskQueueException(String.format("DISKQUEUE(%s) failed to write to %s - %s", name,
                    files.data(writeFileNum), e), e);
        }
        slowDisk.wrote(bytes, start);
        batch.clear();
        writePos += bytes;
        writePosHint = writePos;
        depth += records;
        syncPolicy.counted(records);
    }

    /** Moves writes to the next file number; the finished file is fsynced and the new position persisted. */
    private void roll() throws DiskQueueException {
        writeWaiting = true; // the fsync of the finished file waits for the disk; write() lowers it
        try {
            writer.force(writePos);
        } catch (IOException e) {
            throw new DiskQueueException(String.format("DISKQUEUE(%s) failed to sync - %s", name, e), e);
        }
        writer.close();
        writeFileNum++;
        writePos = 0;
        writePosHint = 0;
        writeFailed = false;
        // on failure the write that follows retries the sync (and fails that write if it fails again)
        syncs.quietly(true);
    }

    /**
     * As {@link #poll}, but {@code null} at once rather than waiting while a write that waits for the disk (a slow
     * disk, a file roll) holds the queue: for a reader on an event loop that hears of every write (nsqd wakes a
     * channel's consumers after each) and polls again then.
     */
    public T pollNow() {
        return writeWaiting ? null : poll();
    }

    /** The oldest item stored, removed (or held), or {@code null} when the queue is empty or closed. */
    public synchronized T poll() {
        if (closed) {
            return null;
        }
        releaseWaiting();
        while (true) {
            if (caughtUp()) {
                checkTailCorruption();
                format.drained();
                syncs.quietly(false);
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
                int at = reader.read(readPos, end);
                long mark = held != null ? held.hold(readFileNum, readPos) : 0;
                T item = format.read(reader.buffer(), at, reader.payloadSize(), mark);
                readPos = reader.position();
                countOneFewer();
                syncPolicy.counted(1);
                if (finished && readPos >= end) {
                    nextReadFile();
                }
                checkTailCorruption();
                syncs.quietly(false);
                return item;
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
        syncs.inBackground();
    }

    /** Data files wholly read and holding no held record go at the next sync; returns whether there were any. */
    private boolean consumeFilesBeforeOldestHeld() {
        return files.consumedBefore(held == null || held.isEmpty() ? readFileNum : held.oldestFileNum());
    }

    /**
     * The item read with {@code mark} (given to {@link RecordFormat#read}) is done with, finished or stored again
     * elsewhere: its record no longer needs keeping. Counts as an operation for {@code syncEvery}, as a read does, so
     * that with {@code syncEvery} 1 a finished message is not delivered again after a crash; the sync runs in the
     * background. Marks released before, or from before an {@link #empty}, are ignored; so is every mark in a queue
     * that does not hold its reads. While a write waits for the disk the marks wait instead, for the next operation
     * that takes the lock.
     */
    public void release(long mark) {
        if (held == null) {
            return;
        }
        if (writeWaiting) {
            held.releaseLater(new long[] {mark}, 1);
            return;
        }
        synchronized (this) {
            releaseWaiting();
            if (!closed) {
                released(held.release(mark), 1);
            }
        }
    }

    /** {@link #release(long)} for the first {@code count} of {@code marks}. */
    public void release(long[] marks, int count) {
        if (held == null) {
            return;
        }
        if (writeWaiting) {
            held.releaseLater(marks, count);
            return;
        }
        synchronized (this) {
            releaseWaiting();
            releaseLocked(marks, count);
        }
    }

    private void releaseLocked(long[] marks, int count) {
        if (closed) {
            return;
        }
        boolean moved = false;
        for (int i = 0; i < count; i++) {
            moved |= held.release(marks[i]);
        }
        released(moved, count);
    }

    /** Applies the marks released while a write waited for the disk. */
    private void releaseWaiting() {
        if (held == null) {
            return;
        }
        for (long[] marks; (marks = held.takeReleasedLater()) != null; ) {
            releaseLocked(marks, marks.length);
        }
    }

    private void released(boolean oldestMoved, int operations) {
        if (!oldestMoved) {
            return;
        }
        syncPolicy.counted(operations);
        // the persisted position leaving a file is synced now, in the background as the reader's, so the file can go
        if (consumeFilesBeforeOldestHeld()) {
            syncs.inBackground();
        } else {
            syncs.quietly(false);
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
        syncs.quietly(true);
        reader.close();
        writer.close();
        files.consumed(writeFileNum);
        startAfterWriteFile();
        writeFailed = false;
        files.deleteConsumed();
        syncs.quietly(true);
    }

    /**
     * The record at readPos is corrupt: its bytes up to the next record that reads whole, or to the end of the
     * data, are moved to {@code <file>.bad} and reading goes on after them. The next read persists the move.
     */
    private void skipCorruptRecord(CorruptRecordException e, boolean finished) {
        DiskQueueReader.SetAside setAside;
        try {
            long end = finished ? reader.fileSize() : writePos;
            setAside = reader.setAside(name, files.data(readFileNum), readPos, end, e);
        } catch (IOException io) {
            handleReadError(io);
            return;
        }
        if (setAside.recordLost()) {
            countOneFewer();
        }
        readPos = setAside.readOn();
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
            writePosHint = 0;
        }
        files.setAside(bad);
        readFileNum = e instanceof NoSuchFileException ? files.nextDataFile(readFileNum, writeFileNum)
                : readFileNum + 1;
        readPos = 0;
        syncPolicy.requireSync();
        syncs.quietly(false);
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

    /** Records stored and not read; held records are read. */
    public long depth() {
        return depth;
    }

    /**
     * Whether {@link #poll} would return {@code null}. From the positions, not the depth: a depth that damaged
     * metadata undercounted must not keep the messages after it from being read. Not while a write waits for the
     * disk: its records are on their way.
     */
    public boolean isEmpty() {
        if (writeWaiting) {
            return false;
        }
        synchronized (this) {
            return closed || caughtUp();
        }
    }

    /**
     * Drops every record, held ones too. The queue is empty afterwards even when this throws: the exception reports
     * a data file that could not be removed, as go-diskqueue's {@code Empty} does.
     */
    public synchronized void empty() throws DiskQueueException {
        if (closed) {
            throw new DiskQueueException("exiting", null);
        }
        log.info("DISKQUEUE({}): emptying", name);
        IOException failure = skipToNextFile();
        IOException metaFailure = files.deleteQuietly(files.meta());
        syncs.quietly(true);
        failure = failure != null ? failure : metaFailure;
        if (failure != null) {
            throw new DiskQueueException(String.format("DISKQUEUE(%s) failed to remove data file - %s", name,
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
        startAfterWriteFile();
        depth = 0;
        format.drained();
        return failure;
    }

    /** Reading and writing go on, from nothing, in the file after the write file. */
    private void startAfterWriteFile() {
        writeFileNum++;
        writePos = 0;
        writePosHint = 0;
        readFileNum = writeFileNum;
        readPos = 0;
        files.consumingFrom(readFileNum);
    }

    /**
     * Syncs when the policy asks for it: {@code syncEvery} operations, a pending sync, or the timeout. The owner calls
     * it now and then (nsqd: every sync timeout), so that a queue gone quiet gets its last operations synced.
     */
    public synchronized void syncIfDue() {
        releaseWaiting();
        if (!closed) {
            syncs.ifDue();
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

    /** Syncs and closes; what is stored stays on disk. Later writes fail with "exiting", reads find nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        log.info("DISKQUEUE({}): closing", name);
        releaseWaiting();
        syncs.quietly(true);
        closed = true;
        syncs.stop();
        reader.close();
        writer.close();
    }

    /** Closes without syncing and removes the data files and the metadata; {@code .bad} files stay. */
    public synchronized void delete() {
        log.info("DISKQUEUE({}): deleting", name);
        files.retireMeta();
        closed = true;
        syncs.stop();
        reader.close();
        writer.close();
        // files read past but not yet deleted: those a sync has yet to take, and those of records still held
        files.delete(files.takeConsumed());
        files.deleteData(held != null && !held.isEmpty() ? held.oldestFileNum() : readFileNum, writeFileNum);
        files.deleteQuietly(files.meta());
        format.drained();
    }
}
