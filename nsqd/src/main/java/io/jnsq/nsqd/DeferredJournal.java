package io.jnsq.nsqd;

import io.jnsq.diskqueue.AtomicFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred messages of a channel that must survive a crash (--mem-queue-size 0 asks that nothing acknowledged
 * lives only in memory): each is appended to {@code <topic>:<channel>.diskqueue.deferred.journal} before it is
 * acknowledged, as {@code [int64 BE deadline, unix ns][disk queue record]}, and the journal is read back at start.
 * A message that falls due moves to the disk queue, and the journal forgets it lazily: it is emptied when
 * nothing is deferred and rewritten from the live messages when those are outnumbered by the gone ones. A
 * crash in between delivers a message twice at most, never loses it. At a graceful stop the deferred messages
 * go to the disk queue like NSQ's do, and the journal is removed, so NSQ's nsqd can take over the data dir.
 */
final class DeferredJournal {
    private static final Logger log = LoggerFactory.getLogger(DeferredJournal.class);
    private static final DeferredJournal DISABLED = new DeferredJournal(null, false);
    /** Rewriting is worth it only past this many gone entries. */
    private static final int MIN_GARBAGE = 1024;

    private final Path file;
    private final boolean syncEachWrite;
    private FileChannel out;
    private long entries;

    private DeferredJournal(Path file, boolean syncEachWrite) {
        this.file = file;
        this.syncEachWrite = syncEachWrite;
    }

    /** A journal that keeps nothing: deferred messages live in memory only, as in NSQ. */
    static DeferredJournal disabled() {
        return DISABLED;
    }

    /** The journal in {@code file}; {@code syncEachWrite} fsyncs every append (--sync-every=1). */
    static DeferredJournal open(Path file, boolean syncEachWrite) {
        return new DeferredJournal(file, syncEachWrite);
    }

    /** {@code false} for {@link #disabled()}, whose every operation does nothing. */
    boolean isEnabled() {
        return file != null;
    }

    /** The messages the journal holds, each with its deadline; a torn last entry is ignored. */
    List<Message> replay(int maxMsgSize) {
        List<Message> messages = new ArrayList<>();
        if (file == null) {
            return messages;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return messages;
        } catch (IOException e) {
            log.error("failed to read {} - {}", file, e.getMessage());
            return messages;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= 12) {
            long deadline = in.getLong();
            int size = in.getInt();
            if (size < MessageRecords.MIN_SIZE || size > maxMsgSize || in.remaining() < size) {
                log.warn("{}: ignoring {} bytes after {} messages", file, in.remaining() + 12, messages.size());
                break;
            }
            int at = in.position();
            in.position(at + size);
            try {
                Message m = MessageRecords.decode(in, at, size);
                // one that fell due while nsqd was down is due at once, and still deferred (0 means "never was")
                long now = System.nanoTime();
                m.deferredUntil = now + Math.max(1, WallClock.nanoTimeAt(deadline) - now);
                messages.add(m);
            } catch (IllegalArgumentException e) {
                log.warn("{}: skipping an entry - {}", file, e.getMessage());
            }
        }
        entries = messages.size();
        return messages;
    }

    /** Keeps {@code m} (deferred) until it is forgotten; written before this returns. */
    void append(Message m) throws BackendException {
        if (file == null) {
            return;
        }
        ByteBuf entry = Unpooled.buffer(8 + 4 + MessageRecords.MIN_SIZE + m.body.length);
        writeEntry(entry, m);
        try {
            if (out == null) {
                out = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), AtomicFile.ownerOnly(file));
            }
            ByteBuffer buf = entry.nioBuffer();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            if (syncEachWrite) {
                out.force(false);
            }
            entries++;
        } catch (IOException e) {
            closeFile();
            throw new BackendException("failed to write deferred message to " + file + " - " + e, e);
        }
    }

    /**
     * Messages left the deferred queue (due, or dropped by empty), which now holds {@code live}. Failures are
     * logged: the journal then keeps messages that are gone, which costs duplicates after a crash.
     */
    void forget(MessagePriorityQueue live) {
        if (file == null || entries <= live.size()) {
            return;
        }
        try {
            if (live.isEmpty()) {
                closeFile();
                Files.deleteIfExists(file);
                entries = 0;
            } else if (entries - live.size() > Math.max(MIN_GARBAGE, live.size())) {
                rewrite(live.snapshot());
            }
        } catch (IOException e) {
            log.error("failed to compact {} - {}", file, e.getMessage());
        }
    }

    private void rewrite(Collection<Message> live) throws IOException {
        closeFile();
        ByteBuf all = Unpooled.buffer();
        for (Message m : live) {
            writeEntry(all, m);
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        AtomicFile.write(file, bytes);
        entries = live.size();
    }

    private static void writeEntry(ByteBuf out, Message m) {
        out.writeLong(WallClock.wallNanosAt(m.deferredUntil));
        MessageRecords.writeRecord(out, m);
    }

    /** Graceful stop or deletion: the deferred messages are saved elsewhere or gone. */
    void delete() {
        if (file == null) {
            return;
        }
        closeFile();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.error("failed to remove {} - {}", file, e.getMessage());
        }
        entries = 0;
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("failed to close {} - {}", file, e.getMessage());
            }
        }
        out = null;
    }
}
