package io.jnsq.diskqueue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The positions a disk queue opens with: its metadata, repaired if damaged, plus the writes it did not record. */
final class DiskQueueRecovery {
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);

    /** {@code meta} to open with; {@code writesMoved} when writing goes on in a later file than it said. */
    record Opened(DiskQueueMeta meta, boolean writesMoved) {
    }

    private DiskQueueRecovery() {
    }

    static Opened open(String name, DiskQueueFiles files, DiskQueueReader reader) {
        DiskQueueMeta meta = new DiskQueueMeta(0, 0, 0, 0, 0);
        try {
            DiskQueueMeta read = DiskQueueMeta.read(files.meta());
            if (read != null) {
                meta = repaired(name, read);
            }
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to retrieveMetaData - {}", name, e.getMessage());
        }
        return withUnsyncedWrites(name, files, reader, meta);
    }

    private static DiskQueueMeta repaired(String name, DiskQueueMeta meta) {
        if (!meta.isDamaged()) {
            return meta;
        }
        log.error("DISKQUEUE({}) negative depth or position in metadata ({}), corruption, reading them as 0",
                name, meta.text().replace("\n", " "));
        return meta.repaired();
    }

    /**
     * After a crash the write file may hold records written after the last metadata sync. go-diskqueue 1.1
     * writes on in a new file so they are not overwritten; we do too, and count them into the depth. Data files
     * numbered after the write file are there only when the metadata is older than the data or was lost (it then
     * reads as all zeros, and NSQ writes over file 1 onwards): their records are counted and read too, and
     * writing goes on after the last of them.
     */
    private static Opened withUnsyncedWrites(String name, DiskQueueFiles files, DiskQueueReader reader,
            DiskQueueMeta meta) {
        long writeFileNum = meta.writeFileNum();
        long writePos = meta.writePos();
        long depth = meta.depth();
        long next = writeFileNum;
        Path file = files.data(writeFileNum);
        long size = files.sizeOf(file);
        if (size > writePos) {
            long salvaged = reader.countRecords(file, writePos, size);
            log.warn("DISKQUEUE({}) {} is {} bytes, metadata says {}: {} unsynced messages kept, writing continues in"
                    + " a new file", name, file, size, writePos, salvaged);
            depth += salvaged;
            next = writeFileNum + 1;
        }
        List<Long> later = files.dataFilesAfter(writeFileNum);
        if (!later.isEmpty()) {
            long salvaged = later.stream().map(files::data)
                    .mapToLong(f -> reader.countRecords(f, 0, Math.max(0, files.sizeOf(f)))).sum();
            long last = later.get(later.size() - 1);
            log.warn("DISKQUEUE({}) data files after the write file {} of the metadata, up to {}: {} messages kept,"
                    + " writing continues after them", name, writeFileNum, files.data(last), salvaged);
            depth += salvaged;
            next = last + 1;
        }
        if (next == writeFileNum) {
            return new Opened(meta, false);
        }
        return new Opened(new DiskQueueMeta(depth, meta.readFileNum(), meta.readPos(), next, 0), true);
    }
}
