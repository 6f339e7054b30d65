package io.jnsq.diskqueue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk queue's files: their names, the metadata written in the order its positions were taken, and the
 * deletion of data files once the positions past them are on disk.
 */
final class DiskQueueFiles {
    private static final Logger log = LoggerFactory.getLogger(DiskQueueFiles.class);
    private static final String INFIX = ".diskqueue.";

    private final String name;
    private final Path dataPath;
    /** The last metadata handed out and the last written: a write overtaken by a newer one is skipped. */
    private long taken;
    private long written;
    /** Consumed files kept until a sync persists a read position past them; under the queue's lock. */
    private final List<Path> consumed = new ArrayList<>();
    /** Data files before this one were handed to {@link #consumed(long)}; see {@link #consumingFrom}. */
    private long firstUnconsumed;

    DiskQueueFiles(String name, Path dataPath) {
        this.name = name;
        this.dataPath = dataPath;
    }

    /** See {@link DiskQueue#queueOf}. */
    static String queueOf(String fileName) {
        int at = fileName.lastIndexOf(INFIX); // a name may hold ".diskqueue." itself; what follows never does
        return at > 0 ? fileName.substring(0, at) : null;
    }

    /** See {@link DiskQueue#fileBeside}. */
    static Path named(Path dataPath, String name, String what) {
        return dataPath.resolve(name + INFIX + what);
    }

    Path meta() {
        return named(dataPath, name, "meta.dat");
    }

    Path data(long fileNum) {
        return dataPath.resolve(String.format("%s%s%06d.dat", name, INFIX, fileNum));
    }

    /**
     * The numbers of the data files in the directory from {@code from} to {@code to}, in order: damaged metadata
     * can put millions of numbers between the two, which must not be tried one at a time.
     */
    List<Long> dataFileNums(long from, long to) throws IOException {
        String prefix = name + INFIX;
        List<Long> nums = new ArrayList<>();
        try (Stream<Path> list = Files.list(dataPath)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith(prefix) && f.endsWith(".dat")) {
                    parseNum(f.substring(prefix.length(), f.length() - 4)).filter(n -> n >= from && n <= to)
                            .ifPresent(nums::add);
                }
            }
        }
        nums.sort(null);
        return nums;
    }

    /** The numbers of the data files after {@code fileNum}, in order; none when they cannot be listed. */
    List<Long> dataFilesAfter(long fileNum) {
        if (fileNum == Long.MAX_VALUE) {
            return List.of();
        }
        try {
            return dataFileNums(fileNum + 1, Long.MAX_VALUE);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to list data files - {}", name, e.getMessage());
            return List.of();
        }
    }

    /**
     * The first data file after {@code fileNum}, or {@code last} if none is there before it: where damaged
     * metadata put the write file millions of numbers on, reading goes there at once, not one missing file at a
     * time.
     */
    long nextDataFile(long fileNum, long last) {
        try {
            return dataFileNums(fileNum + 1, last).stream().findFirst().orElse(last);
        } catch (IOException e) {
            return fileNum + 1;
        }
    }

    /** The size of {@code file}; -1 if it is not there or cannot be read. */
    long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to stat {} - {}", name, file, e.getMessage());
            return -1;
        }
    }

    /** The file number in {@code s} if {@link #data} makes that name of it. */
    private Optional<Long> parseNum(String s) {
        try {
            long n = Long.parseLong(s);
            return data(n).getFileName().toString().equals(name + ".diskqueue." + s + ".dat") ? Optional.of(n)
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A ticket for metadata taken now: {@link #writeMeta} persists it unless a later one was persisted. */
    synchronized long takeMeta() {
        return ++taken;
    }

    /** Where the unreadable bytes of {@code file}, or all of it, are set aside. */
    static Path bad(Path file) {
        return file.resolveSibling(file.getFileName() + ".bad");
    }

    /** As NSQ, a data file that fails to read is renamed {@code .bad} whole; a failure to rename is logged. */
    void setAside(Path file) {
        Path renamed = bad(file);
        log.warn("DISKQUEUE({}) jump to next file and saving bad file as {}", name, renamed);
        try {
            Files.move(file, renamed, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to rename bad diskqueue file {} to {} - {}", name, file, renamed,
                    e.getMessage());
        }
    }

    /**
     * A background sync: fsyncs {@code file} (none when nothing was written) and persists {@code meta}; the
     * failure, or {@code null}.
     */
    IOException syncAndWriteMeta(FileChannel file, DiskQueueMeta meta, long ticket) {
        try {
            if (file != null) {
                file.force(false);
            }
            writeMeta(meta, ticket);
        } catch (ClosedChannelException e) {
            // the file was rolled or the queue closed, both of which synced it and persisted newer positions
        } catch (IOException e) {
            return e;
        }
        return null;
    }

    /** Persists {@code meta} unless metadata taken later was persisted already; never once retired. */
    synchronized void writeMeta(DiskQueueMeta meta, long ticket) throws IOException {
        if (ticket > written) {
            meta.write(meta());
            written = ticket;
        }
    }

    /** The queue is deleted: no metadata is written from now on, not even by a sync already under way. */
    synchronized void retireMeta() {
        written = Long.MAX_VALUE;
    }

    /** A consumed data file, deleted by {@link #deleteConsumed()} once the position past it is on disk. */
    void consumed(long fileNum) {
        consumed.add(data(fileNum));
    }

    /** Consuming starts at data file {@code fileNum}: the queue opened, or moved past the files before it itself. */
    void consumingFrom(long fileNum) {
        firstUnconsumed = fileNum;
    }

    /**
     * The data files before {@code keepFrom} are consumed: those not yet handed to {@link #consumed(long)} are, one
     * by number, more by listing those there (damaged metadata can leave millions of numbers between them). Returns
     * whether any file was.
     */
    boolean consumedBefore(long keepFrom) {
        long from = firstUnconsumed;
        if (from >= keepFrom) {
            return false;
        }
        firstUnconsumed = keepFrom;
        if (keepFrom - from == 1) {
            consumed(from);
            return true;
        }
        try {
            for (long n : dataFileNums(from, keepFrom - 1)) {
                consumed(n);
            }
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to list data files - {}", name, e.getMessage());
        }
        return true;
    }

    void deleteConsumed() {
        delete(takeConsumed());
    }

    /** The consumed files so far, for a sync that persists the position past them to delete once it has. */
    List<Path> takeConsumed() {
        if (consumed.isEmpty()) {
            return List.of();
        }
        List<Path> taken = List.copyOf(consumed);
        consumed.clear();
        return taken;
    }

    /** Files {@link #takeConsumed() taken} by a sync that failed: the next one deletes them. */
    void consumedAgain(List<Path> files) {
        consumed.addAll(files);
    }

    /** Deletes consumed files whose position is on disk; a failure is logged. */
    void delete(List<Path> done) {
        for (Path file : done) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.error("DISKQUEUE({}) failed to Remove({}) - {}", name, file, e.getMessage());
            }
        }
    }

    /** Deletes the file if it exists; a failure is logged and returned, not thrown. */
    IOException deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return null;
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to remove {} - {}", name, file, e.getMessage());
            return e;
        }
    }

    /** Deletes the data files from {@code from} to {@code to}; the first failure is logged and returned. */
    IOException deleteData(long from, long to) {
        List<Long> nums;
        try {
            nums = dataFileNums(from, to);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to list {} - {}", name, dataPath, e.getMessage());
            return e;
        }
        IOException failure = null;
        for (long n : nums) {
            IOException e = deleteQuietly(data(n));
            failure = failure != null ? failure : e;
        }
        return failure;
    }

    static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do: the data was fsynced or is given up
        }
    }
}
