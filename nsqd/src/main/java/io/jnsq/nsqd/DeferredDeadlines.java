package io.jnsq.nsqd;

import io.jnsq.diskqueue.AtomicFile;
import io.jnsq.protocol.MessageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When deferred messages of a disk queue are due, kept in a side file {@code <name>.diskqueue.deferred.dat}
 * beside the queue: lines {@code <16 hex ID> <unix nanoseconds>}. The records themselves stay in NSQ's format,
 * so NSQ's nsqd reads the queue and, ignoring this file, delivers them at once, which is what it does with its
 * own deferred messages after a restart; jnsq makes them wait for the rest of their delay. The queue's writer, reader
 * and owner each call it, so it locks.
 */
final class DeferredDeadlines {
    private static final Logger log = LoggerFactory.getLogger(DeferredDeadlines.class);

    private final Path file;
    /** Message ID to deadline in unix nanoseconds. */
    private final Map<Long, Long> byId = new HashMap<>();
    /** {@code byId}'s size, read without the lock: nearly every message read back had no deadline. */
    private volatile int size;

    private DeferredDeadlines(Path file) {
        this.file = file;
    }

    /** The deadlines saved in {@code file}; none when there is no file or it cannot be read. */
    static DeferredDeadlines load(Path file) {
        DeferredDeadlines deadlines = new DeferredDeadlines(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return deadlines;
        } catch (IOException e) {
            log.error("failed to read {} - {}: deferred messages in it are delivered at once", file, e.getMessage());
            return deadlines;
        }
        for (String line : text.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length != 2 || !MessageId.isValid(parts[0])) {
                if (!line.isEmpty()) {
                    log.warn("skipping bad line in {}: {}", file, line);
                }
                continue;
            }
            try {
                deadlines.byId.put(MessageId.parse(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                log.warn("skipping bad line in {}: {}", file, line);
            }
        }
        deadlines.size = deadlines.byId.size();
        return deadlines;
    }

    /** Remembers the deadline of {@code m} if it is deferred. */
    void record(Message m) {
        if (m.deferredUntil != 0) {
            synchronized (this) {
                byId.put(m.id, WallClock.wallNanosAt(m.deferredUntil));
                size = byId.size();
            }
        }
    }

    /** Gives a message read back from the queue the rest of its delay, if it had one. */
    void restore(Message m) {
        if (size == 0) {
            return;
        }
        Long deadline;
        synchronized (this) {
            deadline = byId.remove(m.id);
            size = byId.size();
        }
        if (deadline != null) {
            long at = WallClock.nanoTimeAt(deadline);
            m.deferredUntil = at - System.nanoTime() > 0 ? at : 0;
        }
    }

    /** The queue is empty: whatever is left here belongs to messages that are gone. */
    synchronized void clear() {
        byId.clear();
        size = 0;
    }

    /** Writes the file, or removes it when nothing is deferred. */
    synchronized void save() throws IOException {
        if (byId.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder text = new StringBuilder(byId.size() * 37);
        byId.forEach((id, deadline) -> text.append(MessageId.toHex(id)).append(' ').append(deadline).append('\n'));
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
