package io.jnsq.diskqueue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The positions of a disk queue as go-diskqueue keeps them in {@code <name>.diskqueue.meta.dat}: the text
 * {@code "%d\n%d,%d\n%d,%d\n"} of depth, readFileNum,readPos and writeFileNum,writePos.
 */
record DiskQueueMeta(long depth, long readFileNum, long readPos, long writeFileNum, long writePos) {
    private static final Pattern FORMAT =
            Pattern.compile("([+-]?\\d+)\n([+-]?\\d+),([+-]?\\d+)\n([+-]?\\d+),([+-]?\\d+)\n?");

    /** The metadata in {@code file}, or {@code null} when there is none yet. */
    static DiskQueueMeta read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.lookingAt()) {
            throw new IOException("unexpected metadata in " + file + ": " + text.replace("\n", "\\n"));
        }
        try {
            return new DiskQueueMeta(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected metadata in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Negative values can only be corruption. */
    boolean isDamaged() {
        return depth < 0 || readPos < 0 || writePos < 0;
    }

    /**
     * Negative values repaired: a depth reads as 0, a read position as the start of its file (its messages are
     * delivered again rather than lost) and a write position as the start of its file, whose records are then kept
     * as unsynced writes are, and counted only once.
     */
    DiskQueueMeta repaired() {
        return new DiskQueueMeta(writePos < 0 ? 0 : Math.max(0, depth), readFileNum, Math.max(0, readPos),
                writeFileNum, Math.max(0, writePos));
    }

    String text() {
        return depth + "\n" + readFileNum + "," + readPos + "\n" + writeFileNum + "," + writePos + "\n";
    }

    /** Replaces {@code file} atomically. */
    void write(Path file) throws IOException {
        AtomicFile.write(file, text().getBytes(StandardCharsets.US_ASCII));
    }
}
