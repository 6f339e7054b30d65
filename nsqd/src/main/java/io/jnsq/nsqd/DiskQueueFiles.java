package io.jnsq.nsqd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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

    DiskQueueFiles(String name, Path dataPath) {
        this.name = name;
        this.dataPath = dataPath;
    }

    /**
     * The queue a file in the data path belongs to ({@code t} or {@code t:c}), from its name, or {@code null} for a
     * file of no queue. Every file of a queue is named {@code <queue>.diskqueue.<what>}.
     */
    static String queueOf(String fileName) {
        int at = fileName.indexOf(INFIX);
        return at > 0 ? fileName.substring(0, at) : null;
    }

    Path meta() {
        return dataPath.resolve(name + INFIX + "meta.dat");
    }

    Path data(long fileNum) {
        return dataPath.resolve(String.format("%s%s%06d.dat", name, INFIX, fileNum));
    }

    /**
     * The numbers of the data files in the directory from {@code from} to {@code to}, in order: damaged metadata
     * can put millions of numbers between the two, which must not be tried one at a time.
     */
    List<Long> dataFileNums(long from, long to) throws IOException {
        String prefix = name + ".diskqueue.";
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

    Path deadlines() {
        return dataPath.resolve(name + INFIX + "deferred.dat");
    }

    /** A ticket for metadata taken now: {@link #writeMeta} persists it unless a later one was persisted. */
    synchronized long takeMeta() {
        return ++taken;
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

    void deleteConsumed() {
        for (Path done : consumed) {
            try {
                Files.deleteIfExists(done);
            } catch (IOException e) {
                log.error("DISKQUEUE({}) failed to Remove({}) - {}", name, done, e.getMessage());
            }
        }
        consumed.clear();
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
