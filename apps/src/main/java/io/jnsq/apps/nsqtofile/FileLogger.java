package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.log.AppLog;
import io.jnsq.apps.log.LocalTime;
import io.jnsq.protocol.GoDuration;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * One topic's output file, as NSQ's {@code FileLogger} keeps it: opened on the first message, rotated when its name
 * (the {@code <DATETIME>}) changes, when {@code --rotate-interval} has passed or past {@code --rotate-size} bytes;
 * synced to disk on request; on close synced, closed, and moved from the work directory to the output directory
 * without overwriting a file there ({@code <REV>} bumped instead).
 *
 * <p>Gzipped output is a series of gzip members, one per sync, as NSQ writes it: each member's trailer (its
 * checksum) is on disk before the messages it holds are finished. Any gzip reader reads the members as one stream.
 *
 * <p>Used by one thread at a time. An {@link IOException} is fatal to the topic: its message says what failed.
 */
final class FileLogger {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final NsqToFileOptions options;
    private final FileNames names;
    private final AppLog log;
    /** {@code [topic/channel]}, before each log line. */
    private final String label;
    private final Path workDir;
    private final Path outputDir;

    private FileChannel out;
    private Path outPath;
    private BufferedOutputStream buffered;
    private GzipMember gzip;
    private OutputStream writer;
    /** The name of the open (or last) file, {@code <REV>} still in it. */
    private String filename;
    private int revision;
    private long openNanos;
    private long filesize;

    FileLogger(NsqToFileOptions options, FileNames names, AppLog log, String label) {
        this.options = options;
        this.names = names;
        this.log = log;
        this.label = label;
        this.workDir = Path.of(options.workDir);
        this.outputDir = Path.of(options.outputDir);
    }

    boolean isOpen() {
        return out != null;
    }

    /** Whether the next message needs another file: none is open, or it is due a rotation. */
    boolean needsRotation() {
        if (out == null) {
            return true;
        }
        String current = names.at(LocalTime.now());
        if (!current.equals(filename)) {
            log.info("%s new filename %s, rotating...", label, current);
            return true;
        }
        if (!options.rotateInterval.isZero()) {
            Duration open = Duration.ofNanos(System.nanoTime() - openNanos);
            if (open.compareTo(options.rotateInterval) > 0) {
                log.info("%s %s since last open, rotating...", label, GoDuration.format(open));
                return true;
            }
        }
        if (options.rotateSize > 0 && filesize > options.rotateSize) {
            log.info("%s %s currently %d bytes (> %d), rotating...", label, outPath, filesize, options.rotateSize);
            return true;
        }
        return false;
    }

    /**
     * Closes the open file, if any, and opens the next: the revision starts at 0 for a new name and goes up past
     * every name taken (in the output directory too, when a work directory is used), past a file that is already
     * too big, and, when files are never appended to ({@code --gzip}, {@code --rotate-interval}), past any file.
     */
    void openNext() throws IOException {
        close();
        String current = names.at(LocalTime.now());
        revision = current.equals(filename) ? revision + 1 : 0;
        filename = current;
        openNanos = System.nanoTime();
        boolean exclusive = options.gzip || !options.rotateInterval.isZero();
        for (;; revision++) {
            String name = FileNames.withRevision(filename, revision);
            Path path = workDir.resolve(name);
            makeParentDirectories(path);
            if (!workDir.equals(outputDir)) {
                Path finished = outputDir.resolve(name);
                makeParentDirectories(finished);
                if (Files.exists(finished)) {
                    log.warn("%s output file already exists: %s", label, finished);
                    continue;
                }
            }
            FileChannel channel;
            try {
                channel = exclusive
                        ? FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)
                        : FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
            } catch (FileAlreadyExistsException e) {
                log.warn("%s working file already exists: %s", label, path);
                continue;
            } catch (IOException e) {
                throw new IOException("unable to open " + path + ": " + e.getMessage(), e);
            }
            log.info("%s opening %s", label, path);
            long size = channel.size();
            if (options.rotateSize > 0 && size > options.rotateSize) {
                log.info("%s %s currently %d bytes (> %d), rotating...", label, path, size, options.rotateSize);
                channel.close();
                continue;
            }
            out = channel;
            outPath = path;
            filesize = size;
            break;
        }
        buffered = new BufferedOutputStream(Channels.newOutputStream(out), BUFFER_SIZE);
        writer = options.gzip ? startGzipMember() : buffered;
    }

    /** Writes one message: its body and a newline. */
    void write(byte[] body) throws IOException {
        try {
            writer.write(body);
            writer.write('\n');
        } catch (IOException e) {
            throw new IOException("writing message to disk: " + e.getMessage(), e);
        }
        filesize += body.length + 1;
    }

    /** Hands what was written to the OS, so readers of the file see it; it is not on disk until {@link #sync()}. */
    void flush() throws IOException {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new IOException("writing message to disk: " + e.getMessage(), e);
        }
    }

    /** Puts what was written on disk (fsync); with gzip, the member ends first and a new one starts after. */
    void sync() throws IOException {
        try {
            if (gzip != null) {
                gzip.end();
            }
            buffered.flush();
            out.force(true);
            if (gzip != null) {
                writer = startGzipMember();
            }
        } catch (IOException e) {
            throw new IOException("failed syncing messages: " + e.getMessage(), e);
        }
    }

    /** Ends the file, if one is open: synced, closed, and moved to the output directory when written elsewhere. */
    void close() throws IOException {
        if (out == null) {
            return;
        }
        try {
            if (gzip != null) {
                gzip.end();
            }
            buffered.flush();
            out.force(true);
            out.close();
        } catch (IOException e) {
            throw new IOException("failed to close output file: " + e.getMessage(), e);
        } finally {
            out = null;
            gzip = null;
        }
        if (!workDir.equals(outputDir)) {
            moveToOutput(outPath);
        }
    }

    /**
     * Moves a finished file as NSQ does, by hard link then unlink so that nothing is overwritten: under its own
     * name if free, else the first free revision after its own.
     */
    private void moveToOutput(Path source) throws IOException {
        Path destination = outputDir.resolve(workDir.relativize(source));
        log.info("%s moving finished file %s to %s", label, source, destination);
        if (exclusiveRename(source, destination)) {
            return;
        }
        Path directory = destination.getParent();
        for (int next = revision + 1;; next++) {
            log.warn("%s destination file already exists: %s", label, destination);
            destination = directory.resolve(Path.of(FileNames.withRevision(filename, next)).getFileName());
            if (exclusiveRename(source, destination)) {
                log.info("%s renamed finished file %s to %s to avoid overwrite", label, source, destination);
                return;
            }
        }
    }

    /** @return false when the destination exists */
    private static boolean exclusiveRename(Path source, Path destination) throws IOException {
        try {
            Files.createLink(destination, source);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new IOException("unable to move file from " + source + " to " + destination + ": "
                    + e.getMessage(), e);
        }
        Files.delete(source);
        return true;
    }

    private GzipMember startGzipMember() throws IOException {
        gzip = new GzipMember(buffered, options.gzipLevel);
        return gzip;
    }

    /** One gzip member at {@code --gzip-level}; ending it writes its trailer and leaves the file open. */
    private static final class GzipMember extends GZIPOutputStream {
        GzipMember(OutputStream out, int level) throws IOException {
            super(out, BUFFER_SIZE);
            def.setLevel(level);
        }

        void end() throws IOException {
            finish();
            def.end();
        }
    }

    private static void makeParentDirectories(Path path) throws IOException {
        Path parent = path.getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxrwx---")));
        } catch (IOException e) {
            throw new IOException("unable to create dir: " + e.getMessage(), e);
        }
    }
}
