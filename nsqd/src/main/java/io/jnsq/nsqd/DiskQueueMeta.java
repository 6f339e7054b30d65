package io.jnsq.nsqd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;
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

    String text() {
        return depth + "\n" + readFileNum + "," + readPos + "\n" + writeFileNum + "," + writePos + "\n";
    }

    /** Replaces {@code file} atomically: a temp file beside it is written, fsynced and renamed over it. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + ThreadLocalRandom.current().nextLong(1L << 62) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), ownerOnly(file))) {
                ByteBuffer buf = ByteBuffer.wrap(text().getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Mode 0600 for files created on a POSIX file system, nothing elsewhere. */
    static FileAttribute<?>[] ownerOnly(Path file) {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
