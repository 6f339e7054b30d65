package io.jnsq.diskqueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces small files so that a crash leaves the old content or the new one, never half of one: as NSQ does,
 * a temp file {@code <name>.<random>.tmp} beside it is written, fsynced and renamed over it.
 */
public final class AtomicFile {
    private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);
    private AtomicFile() {
    }

    /** Replaces {@code file}'s content with {@code content}, creating it (mode 0600) if needed. */
    public static void write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + ThreadLocalRandom.current().nextLong(1L << 62)
                + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), ownerOnly(file))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
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

    /**
     * Removes the temp files a crash left in {@code dir} ({@code <name>.<random>.tmp}) of every disk queue's files
     * and of {@code fileNames}; call it only when nothing else writes there.
     */
    public static void deleteLeftovers(Path dir, String... fileNames) {
        StringBuilder names = new StringBuilder(".+\\.diskqueue\\..+");
        for (String name : fileNames) {
            names.append('|').append(Pattern.quote(name));
        }
        Pattern leftover = Pattern.compile("(" + names + ")\\.\\d+\\.tmp");
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir,
                f -> leftover.matcher(f.getFileName().toString()).matches())) {
            for (Path f : leftovers) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            log.warn("failed to remove temp files left in {} - {}", dir, e.getMessage());
        }
    }

    /** Mode 0600 for files created on a POSIX file system (NSQ's data files are), nothing elsewhere. */
    public static FileAttribute<?>[] ownerOnly(Path file) {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
