package io.jnsq.diskqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk queue on its own, at the byte level: byte array records ({@link RecordFormat#BYTES}, or a recording
 * variant of it where a format's hooks matter), files checked against go-diskqueue's format computed by hand.
 */
class DiskQueueTest {
    private static final String NAME = "q";
    /** Every test record is "rec-NNNN": 4 + 8 bytes on disk. */
    private static final int RECORD = 12;

    @TempDir
    Path root;
    /** The queue's data path; crash copies go beside it, under {@link #root}. */
    Path dir;
    private int copies;

    @BeforeEach
    void createDataPath() throws IOException {
        dir = Files.createDirectory(root.resolve("data"));
    }

    private DiskQueueBuilder<byte[]> builder(long maxBytesPerFile) {
        return DiskQueue.builder(NAME, dir, RecordFormat.BYTES).maxBytesPerFile(maxBytesPerFile)
                .syncTimeout(Duration.ofHours(1));
    }

    private DiskQueue<byte[]> open(long maxBytesPerFile) {
        return builder(maxBytesPerFile).open();
    }

    private static byte[] rec(int i) {
        return String.format("rec-%04d", i).getBytes(StandardCharsets.US_ASCII);
    }

    /** The texts of records {@code from} to {@code to - 1}. */
    private static List<String> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("rec-%04d", i)).toList();
    }

    private static List<String> recs(int... is) {
        return Arrays.stream(is).mapToObj(i -> String.format("rec-%04d", i)).toList();
    }

    private static void putAll(DiskQueue<byte[]> q, int from, int to) throws DiskQueueException {
        for (int i = from; i < to; i++) {
            q.put(rec(i));
        }
    }

    /** Polls until the queue gives nothing; the records as text. */
    private static List<String> drain(DiskQueue<byte[]> q) {
        List<String> read = new ArrayList<>();
        for (byte[] item = q.poll(); item != null; item = q.poll()) {
            read.add(new String(item, StandardCharsets.US_ASCII));
            assertThat(read).as("records polled").hasSizeLessThan(100_000);
        }
        return read;
    }

    private static String text(byte[] item) {
        return item == null ? null : new String(item, StandardCharsets.US_ASCII);
    }

    /** A record framed by hand as go-diskqueue writes it: 4-byte big-endian size, then the payload. */
    private static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path data(int fileNum) {
        return data(dir, fileNum);
    }

    private static Path data(Path in, int fileNum) {
        return in.resolve(String.format("%s.diskqueue.%06d.dat", NAME, fileNum));
    }

    private Path metaFile() {
        return dir.resolve(NAME + ".diskqueue.meta.dat");
    }

    private String meta() throws IOException {
        return Files.readString(metaFile(), StandardCharsets.US_ASCII);
    }

    private Path bad(int fileNum) {
        return dir.resolve(data(fileNum).getFileName() + ".bad");
    }

    private static List<String> files(Path in) {
        try (Stream<Path> s = Files.list(in)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> dataFiles() {
        return files(dir).stream().filter(n -> n.matches(NAME + "\\.diskqueue\\.\\d{6}\\.dat")).toList();
    }

    private static String dataName(int fileNum) {
        return String.format("%s.diskqueue.%06d.dat", NAME, fileNum);
    }

    /** Overwrites the bytes at {@code offset} of {@code file}; returns its new content. */
    private static byte[] overwrite(Path file, int offset, byte[] with) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        System.arraycopy(with, 0, bytes, offset, with.length);
        Files.write(file, bytes);
        return bytes;
    }

    /** The data directory as a crash would leave it now: a copy, for a second queue to open. */
    private Path crashCopy() throws IOException {
        Path copy = Files.createDirectory(root.resolve("crash-" + copies++));
        for (String f : files(dir)) {
            Files.copy(dir.resolve(f), copy.resolve(f));
        }
        return copy;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Byte arrays as {@link RecordFormat#BYTES} stores them, recording the marks they are read with and drains. */
    /** Records of this format start with 'R'. */
    private static final class StartsWithR extends RecordingFormat {
        @Override
        public boolean isValidStart(byte[] array, int offset) {
            return array[offset] == 'R';
        }
    }

    private DiskQueue<byte[]> openHolding(Path in, long maxBytesPerFile, RecordFormat<byte[]> format) {
        return DiskQueue.builder(NAME, in, format).maxBytesPerFile(maxBytesPerFile).syncEvery(1)
                .syncTimeout(Duration.ofHours(1)).holdReads(true).open();
    }

    /** What a holding queue opened on a {@link #crashCopy} of the data directory reads. */
    private List<String> drainCopy() throws IOException {
        DiskQueue<byte[]> crashed = openHolding(crashCopy(), 1 << 20, new RecordingFormat());
        List<String> read = drain(crashed);
        crashed.close();
        return read;
    }

    @Test
    void recordsComeBackInOrderAcrossRolledFilesAndEachFileIsDeletedOnceReadPast() throws Exception {
        ExecutorService syncer = Executors.newSingleThreadExecutor();
        try {
            DiskQueue<byte[]> q = builder(3 * RECORD).syncer(syncer).open();
            putAll(q, 0, 10);
            assertThat(q.depth()).isEqualTo(10);
            assertThat(dataFiles()).containsExactly(dataName(0), dataName(1), dataName(2), dataName(3));
            for (int f = 0; f < 3; f++) {
                assertThat(Files.readAllBytes(data(f)))
                        .isEqualTo(concat(frame(rec(3 * f)), frame(rec(3 * f + 1)), frame(rec(3 * f + 2))));
            }
            assertThat(Files.readAllBytes(data(3))).isEqualTo(frame(rec(9)));

            for (int i = 0; i < 10; i++) {
                assertThat(text(q.poll())).isEqualTo(String.format("rec-%04d", i));
                assertThat(q.depth()).isEqualTo(9 - i);
                if (i % 3 == 2) {
                    int passed = i / 3;
                    await("file " + passed + " is deleted", () -> !Files.exists(data(passed)));
                    assertThat(dataFiles()).as("the files not yet read past").startsWith(dataName(passed + 1));
                }
            }
            assertThat(q.poll()).isNull();
            assertThat(q.isEmpty()).isTrue();
            await("only the write file is left", () -> dataFiles().equals(List.of(dataName(3))));
            q.close();
        } finally {
            syncer.shutdown();
            assertThat(syncer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(meta()).isEqualTo("0\n3,12\n3,12\n");
    }

    @Test
    void dataFilesAndMetadataAreByteForByteGoDiskqueueFormat() throws Exception {
        byte[] large = new byte[258];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        DiskQueue<byte[]> q = open(20);
        q.put("hello".getBytes(StandardCharsets.US_ASCII));
        q.put(new byte[0]);
        q.put(large); // 13 + 262 bytes pass 20: the file rolls, and the roll persists the positions
        assertThat(meta()).isEqualTo("2\n0,0\n1,0\n");
        assertThat(text(q.poll())).isEqualTo("hello");
        q.close();

        assertThat(Files.readAllBytes(data(0))).isEqualTo(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0});
        byte[] file1 = Files.readAllBytes(data(1));
        assertThat(Arrays.copyOf(file1, 4)).as("258 big-endian").isEqualTo(new byte[] {0, 0, 1, 2});
        assertThat(Arrays.copyOfRange(file1, 4, file1.length)).isEqualTo(large);
        assertThat(meta()).isEqualTo("2\n0,9\n1,262\n");
        assertThat(files(dir)).containsExactly(dataName(0), dataName(1), NAME + ".diskqueue.meta.dat");
    }

    @Test
    void closeThenReopenContinuesWhereItStopped() throws Exception {
        DiskQueue<byte[]> q = open(3 * RECORD);
        putAll(q, 0, 10);
        for (int i = 0; i < 4; i++) {
            assertThat(text(q.poll())).isEqualTo(String.format("rec-%04d", i));
        }
        q.close();
        assertThat(meta()).isEqualTo("6\n1,12\n3,12\n");

        DiskQueue<byte[]> again = open(3 * RECORD);
        assertThat(again.depth()).isEqualTo(6);
        assertThat(text(again.poll())).isEqualTo("rec-0004");
        putAll(again, 10, 12);
        assertThat(Files.readAllBytes(data(3))).as("writes go on at the write position")
                .isEqualTo(concat(frame(rec(9)), frame(rec(10)), frame(rec(11))));
        assertThat(again.depth()).isEqualTo(7);
        assertThat(drain(again)).isEqualTo(range(5, 12));
        assertThat(again.depth()).isZero();
        again.close();
        assertThat(meta()).isEqualTo("0\n3,36\n3,36\n");
    }

    @Test
    void aPayloadOutsideTheSizeLimitsIsRefusedAndNothingIsWritten() throws Exception {
        DiskQueue<byte[]> q = builder(1 << 20).msgSizes(2, 5).open();
        assertThatThrownBy(() -> q.put(new byte[1])).isInstanceOf(DiskQueueException.class)
                .hasMessage("invalid message write size (1) minMsgSize=2 maxMsgSize=5");
        assertThatThrownBy(() -> q.put(new byte[6])).isInstanceOf(DiskQueueException.class)
                .hasMessage("invalid message write size (6) minMsgSize=2 maxMsgSize=5");
        assertThatThrownBy(() -> q.putAll(List.of("ok!".getBytes(StandardCharsets.US_ASCII), new byte[6])))
                .as("a batch with one payload too large").isInstanceOf(DiskQueueException.class)
                .hasMessage("invalid message write size (6) minMsgSize=2 maxMsgSize=5");
        assertThat(q.depth()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(dataFiles()).isEmpty();

        q.put("ab".getBytes(StandardCharsets.US_ASCII));
        q.put("abcde".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readAllBytes(data(0))).isEqualTo(concat(frame("ab".getBytes(StandardCharsets.US_ASCII)),
                frame("abcde".getBytes(StandardCharsets.US_ASCII))));
        assertThat(drain(q)).containsExactly("ab", "abcde");
        q.close();
    }

    @Test
    void aRecordWhoseSizeIsOutOfLimitsCostsOnlyItselfAndIsSavedToBad() throws Exception {
        DiskQueue<byte[]> q = builder(5 * RECORD).msgSizes(1, 64).open();
        putAll(q, 0, 10); // file 0: records 0-4, file 1 (the write file): 5-9
        q.close();
        byte[] file0 = overwrite(data(0), 2 * RECORD, int32(0x7fffffff));
        overwrite(data(1), 0, int32(0)); // below the smallest size
        byte[] file1 = overwrite(data(1), 3 * RECORD, int32(-1));

        DiskQueue<byte[]> again = builder(5 * RECORD).msgSizes(1, 64).open();
        assertThat(again.depth()).isEqualTo(10);
        assertThat(text(again.poll())).isEqualTo("rec-0000");
        assertThat(text(again.poll())).isEqualTo("rec-0001");
        assertThat(text(again.poll())).isEqualTo("rec-0003");
        assertThat(again.depth()).as("the bad record counts as gone").isEqualTo(6);
        assertThat(drain(again)).isEqualTo(recs(4, 6, 7, 9));
        assertThat(again.depth()).isZero();
        assertThat(Files.readAllBytes(bad(0))).isEqualTo(Arrays.copyOfRange(file0, 2 * RECORD, 3 * RECORD));
        assertThat(Files.readAllBytes(bad(1))).isEqualTo(concat(Arrays.copyOfRange(file1, 0, RECORD),
                Arrays.copyOfRange(file1, 3 * RECORD, 4 * RECORD)));
        again.close();

        DiskQueue<byte[]> third = builder(5 * RECORD).msgSizes(1, 64).open();
        assertThat(third.poll()).as("nothing read or set aside twice").isNull();
        assertThat(Files.size(bad(0))).isEqualTo(RECORD);
        assertThat(Files.size(bad(1))).isEqualTo(2 * RECORD);
        third.put(rec(10));
        assertThat(drain(third)).isEqualTo(recs(10));
        third.close();
    }

    /**
     * After damage a record is taken only when the end of the data or another record follows it, so that one read
     * from the middle of a payload is unlikely: a single whole record between two damaged ones goes with them.
     */
    @Test
    void aSingleWholeRecordBetweenTwoDamagedOnesGoesToBadWithThem() throws Exception {
        DiskQueue<byte[]> q = builder(1 << 20).msgSizes(1, 64).open();
        putAll(q, 0, 5);
        q.close();
        overwrite(data(0), RECORD, int32(-1));
        byte[] file0 = overwrite(data(0), 3 * RECORD, int32(-1));

        DiskQueue<byte[]> again = builder(1 << 20).msgSizes(1, 64).open();
        assertThat(drain(again)).isEqualTo(recs(0, 4));
        assertThat(Files.readAllBytes(bad(0))).isEqualTo(Arrays.copyOfRange(file0, RECORD, 4 * RECORD));
        again.close();
    }

    @Test
    void aRecordWhoseStartTheFormatRefusesIsSkippedAndTheNextValidOneIsRead() throws Exception {
        DiskQueue<byte[]> q = DiskQueue.builder(NAME, dir, new StartsWithR()).msgSizes(1, 64).open();
        for (int i = 0; i < 6; i++) {
            q.put(String.format("R-%06d", i).getBytes(StandardCharsets.US_ASCII));
        }
        q.close();
        byte[] file0 = overwrite(data(0), 3 * RECORD + 4, "X".getBytes(StandardCharsets.US_ASCII));

        DiskQueue<byte[]> again = DiskQueue.builder(NAME, dir, new StartsWithR()).msgSizes(1, 64).open();
        assertThat(drain(again)).containsExactly("R-000000", "R-000001", "R-000002", "R-000004", "R-000005");
        assertThat(again.depth()).isZero();
        assertThat(Files.readAllBytes(bad(0))).isEqualTo(Arrays.copyOfRange(file0, 3 * RECORD, 4 * RECORD));
        again.close();

        DiskQueue<byte[]> bytes = open(1 << 20);
        assertThat(bytes.poll()).as("the skip was persisted").isNull();
        bytes.close();
    }

    @Test
    void aRecordCutShortByACrashIsNeitherDeliveredNorCounted() throws Exception {
        DiskQueue<byte[]> q = open(1 << 20);
        putAll(q, 0, 5);
        q.close();
        assertThat(meta()).isEqualTo("5\n0,0\n0,60\n");
        // the crash came while a sixth record was written: its size and 3 bytes of its payload reached the file
        byte[] torn = Arrays.copyOf(frame(rec(5)), 7);
        Files.write(data(0), torn, StandardOpenOption.APPEND);

        DiskQueue<byte[]> again = open(1 << 20);
        assertThat(again.depth()).isEqualTo(5);
        assertThat(drain(again)).isEqualTo(range(0, 5));
        assertThat(again.depth()).isZero();
        assertThat(Files.readAllBytes(bad(0))).isEqualTo(torn);
        again.put(rec(6));
        assertThat(again.depth()).isEqualTo(1);
        assertThat(drain(again)).isEqualTo(recs(6));
        again.close();
    }

    @Test
    void unsyncedWritesPastTheMetadataAreKeptReadAfterReopeningAndNeverOverwritten() throws Exception {
        DiskQueue<byte[]> q = open(1 << 20);
        putAll(q, 0, 3);
        q.close();
        byte[] olderMeta = Files.readAllBytes(metaFile());
        assertThat(new String(olderMeta, StandardCharsets.US_ASCII)).isEqualTo("3\n0,0\n0,36\n");
        DiskQueue<byte[]> more = open(1 << 20);
        putAll(more, 3, 7);
        more.close();
        // as if the process died before the metadata of the last four writes was persisted
        Files.write(metaFile(), olderMeta);
        byte[] file0 = Files.readAllBytes(data(0));
        assertThat(file0).hasSize(7 * RECORD);

        DiskQueue<byte[]> again = open(1 << 20);
        assertThat(again.depth()).isEqualTo(7);
        assertThat(meta()).as("writing goes on in the next file").isEqualTo("7\n0,0\n1,0\n");
        again.put(rec(7));
        assertThat(Files.readAllBytes(data(0))).isEqualTo(file0);
        assertThat(Files.readAllBytes(data(1))).isEqualTo(frame(rec(7)));
        assertThat(drain(again)).isEqualTo(range(0, 8));
        assertThat(again.depth()).isZero();
        again.close();
    }

    @Test
    void aHeldRecordIsReadAgainAfterACrashUntilItIsReleased() throws Exception {
        RecordingFormat format = new RecordingFormat();
        DiskQueue<byte[]> q = openHolding(dir, 1 << 20, format);
        putAll(q, 0, 4);
        for (int i = 0; i < 3; i++) {
            assertThat(text(q.poll())).isEqualTo(String.format("rec-%04d", i));
        }
        long m0 = format.marks.get(0);
        long m1 = format.marks.get(1);
        long m2 = format.marks.get(2);
        assertThat(q.depth()).as("unread only").isEqualTo(1);
        assertThat(meta()).as("the position of the oldest held, held records counted").isEqualTo("4\n0,0\n0,48\n");

        q.release(m1); // out of order: record 0 is still held
        assertThat(meta()).isEqualTo("4\n0,0\n0,48\n");
        assertThat(drainCopy()).isEqualTo(range(0, 4));

        q.release(m0); // 0 and 1 released: record 2 is the oldest held
        assertThat(meta()).isEqualTo("2\n0,24\n0,48\n");
        assertThat(drainCopy()).isEqualTo(range(2, 4));

        q.release(m2);
        q.release(m2); // twice: ignored
        assertThat(meta()).isEqualTo("1\n0,36\n0,48\n");
        assertThat(drainCopy()).isEqualTo(recs(3));

        assertThat(text(q.poll())).isEqualTo("rec-0003");
        assertThat(drainCopy()).isEqualTo(recs(3));
        q.release(format.marks.get(3));
        assertThat(drainCopy()).isEmpty();
        assertThat(q.poll()).isNull();
        q.close();
        assertThat(meta()).isEqualTo("0\n0,48\n0,48\n");
    }

    @Test
    void aFileHoldingAHeldRecordIsKeptUntilItIsReleased() throws Exception {
        RecordingFormat format = new RecordingFormat();
        DiskQueue<byte[]> q = openHolding(dir, 2 * RECORD, format);
        putAll(q, 0, 4); // files 0 and 1
        assertThat(drain(q)).isEqualTo(range(0, 4));
        assertThat(dataFiles()).as("every record still held").containsExactly(dataName(0), dataName(1));
        q.release(format.marks.get(1));
        assertThat(dataFiles()).as("record 0 still held").containsExactly(dataName(0), dataName(1));
        q.release(format.marks.get(0));
        await("file 0 is deleted", () -> !Files.exists(data(0)));
        assertThat(dataFiles()).containsExactly(dataName(1));
        q.close();
        assertThat(drain(openHolding(dir, 2 * RECORD, new RecordingFormat()))).isEqualTo(range(2, 4));
    }

    @Test
    void readsGetANonZeroMarkOnlyInAQueueThatHoldsThem() throws Exception {
        RecordingFormat finalReads = new RecordingFormat();
        DiskQueue<byte[]> q = DiskQueue.builder(NAME, dir, finalReads).open();
        putAll(q, 0, 3);
        assertThat(drain(q)).isEqualTo(range(0, 3));
        assertThat(finalReads.marks).containsExactly(0L, 0L, 0L);
        q.release(0); // ignored
        q.close();

        RecordingFormat heldReads = new RecordingFormat();
        DiskQueue<byte[]> holding = openHolding(root, 1 << 20, heldReads);
        putAll(holding, 0, 3);
        assertThat(drain(holding)).isEqualTo(range(0, 3));
        assertThat(heldReads.marks).hasSize(3).allSatisfy(m -> assertThat(m).isPositive()).isSorted()
                .doesNotHaveDuplicates();
        holding.close();
    }

    @Test
    void drainedIsCalledWhenTheReaderCatchesUpAndOnEmpty() throws Exception {
        RecordingFormat format = new RecordingFormat();
        DiskQueue<byte[]> q = DiskQueue.builder(NAME, dir, format).open();
        putAll(q, 0, 2);
        assertThat(text(q.poll())).isEqualTo("rec-0000");
        assertThat(text(q.poll())).isEqualTo("rec-0001");
        assertThat(format.drained).as("before the reader finds the end").isZero();
        assertThat(q.poll()).isNull();
        assertThat(format.drained).isEqualTo(1);

        putAll(q, 2, 4);
        q.empty();
        assertThat(format.drained).isEqualTo(2);
        q.close();
    }

    @Test
    void emptyDropsEverythingAndTheQueueKeepsWorking() throws Exception {
        DiskQueue<byte[]> q = open(3 * RECORD);
        putAll(q, 0, 7); // files 0, 1 and 2
        assertThat(text(q.poll())).isEqualTo("rec-0000");
        q.empty();
        assertThat(q.depth()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll()).isNull();
        assertThat(dataFiles()).isEmpty();
        assertThat(meta()).isEqualTo("0\n3,0\n3,0\n");

        putAll(q, 7, 9);
        assertThat(dataFiles()).containsExactly(dataName(3));
        assertThat(q.depth()).isEqualTo(2);
        assertThat(drain(q)).isEqualTo(range(7, 9));
        q.close();
        assertThat(drain(open(3 * RECORD))).as("nothing from before the empty comes back").isEmpty();
    }

    @Test
    void deleteRemovesTheDataAndMetadataFiles() throws Exception {
        DiskQueue<byte[]> q = open(3 * RECORD);
        putAll(q, 0, 7);
        q.close();
        q = open(3 * RECORD); // with its metadata on disk
        assertThat(text(q.poll())).isEqualTo("rec-0000");
        assertThat(files(dir)).contains(NAME + ".diskqueue.meta.dat", dataName(0), dataName(2));
        q.delete();
        assertThat(files(dir)).isEmpty();
        DiskQueue<byte[]> deleted = q;
        assertThatThrownBy(() -> deleted.put(rec(9))).isInstanceOf(DiskQueueException.class).hasMessage("exiting");
        assertThat(q.poll()).isNull();
        assertThat(files(dir)).isEmpty();
    }

    /**
     * Fails: {@link DiskQueue#delete()} deletes the data files from readFileNum on, but a queue that holds its reads
     * keeps the files before it that hold unreleased records, and those stay on disk without metadata. A queue of the
     * same name opened later counts them as unsynced writes and delivers the deleted records again.
     */
    @Test
    void deleteRemovesTheFilesOfRecordsStillHeld() throws Exception {
        DiskQueue<byte[]> q = openHolding(dir, 2 * RECORD, new RecordingFormat());
        putAll(q, 0, 4); // files 0 and 1
        assertThat(drain(q)).isEqualTo(range(0, 4)); // the reader is in file 1, file 0 kept for records 0 and 1
        q.delete();
        assertThat(files(dir)).isEmpty();
        assertThat(drain(openHolding(dir, 2 * RECORD, new RecordingFormat()))).isEmpty();
    }

    /**
     * Fails: files read past wait for a background sync to delete them; one read past while a sync runs waits for
     * the next, which {@link DiskQueue#delete()} prevents (a closed queue starts none), and delete() itself removes
     * only the files from readFileNum on. A queue of the same name opened later delivers the deleted records again.
     */
    @Test
    void deleteRemovesAFileReadPastWhileABackgroundSyncRan() throws Exception {
        List<Runnable> syncs = new ArrayList<>();
        DiskQueue<byte[]> q = builder(2 * RECORD).syncer(syncs::add).open();
        putAll(q, 0, 6); // files 0, 1 and 2
        assertThat(drain(q)).isEqualTo(range(0, 6));
        assertThat(syncs).as("the sync for file 0, file 1 waiting for the next").hasSize(1);
        q.delete();
        syncs.remove(0).run();
        assertThat(syncs).isEmpty();
        assertThat(files(dir)).isEmpty();
        assertThat(drain(open(2 * RECORD))).isEmpty();
    }

    @Test
    void afterCloseAPutFailsWithExitingAndPollFindsNothing() throws Exception {
        DiskQueue<byte[]> q = open(1 << 20);
        putAll(q, 0, 2);
        q.close();
        assertThatThrownBy(() -> q.put(rec(2))).isInstanceOf(DiskQueueException.class).hasMessage("exiting");
        assertThatThrownBy(() -> q.putAll(List.of(rec(2), rec(3)))).isInstanceOf(DiskQueueException.class)
                .hasMessage("exiting");
        assertThatThrownBy(q::empty).isInstanceOf(DiskQueueException.class).hasMessage("exiting");
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
        q.close(); // twice: nothing happens
        assertThat(meta()).isEqualTo("2\n0,0\n0,24\n");
        assertThat(drain(open(1 << 20))).as("what was stored stays").isEqualTo(range(0, 2));
    }

    @Test
    void writeMayWaitWithSyncEveryOneOrForAWriteThatRollsANonEmptyFile() throws Exception {
        DiskQueue<byte[]> defaults = DiskQueue.builder("defaults", dir, RecordFormat.BYTES).open();
        assertThat(defaults.writeMayWait(List.of(rec(0)))).as("a small write to a fresh queue").isFalse();
        defaults.close();

        DiskQueue<byte[]> everyWrite = DiskQueue.builder("every", dir, RecordFormat.BYTES).syncEvery(1).open();
        assertThat(everyWrite.writeMayWait(List.of(rec(0)))).as("syncEvery 1").isTrue();
        everyWrite.close();

        DiskQueue<byte[]> q = open(3 * RECORD);
        assertThat(q.writeMayWait(List.of(new byte[100]))).as("a large record to an empty file: no roll").isFalse();
        putAll(q, 0, 2);
        assertThat(q.writeMayWait(List.of(rec(2)))).as("fills the file exactly").isFalse();
        assertThat(q.writeMayWait(List.of(rec(2), rec(3)))).as("the second record rolls the file").isTrue();
        q.put(rec(2));
        assertThat(q.writeMayWait(List.of(rec(3)))).as("a full file").isTrue();
        q.put(rec(3));
        assertThat(dataFiles()).containsExactly(dataName(0), dataName(1));
        assertThat(q.writeMayWait(List.of(rec(4)))).as("the second record of the new file").isFalse();
        q.put(rec(4));
        q.empty();
        assertThat(q.writeMayWait(List.of(rec(5), rec(6)))).as("after empty, writing starts a new file").isFalse();
        q.close();
    }

    @Test
    void aDrainedFileOfRecycleBytesIsGivenBackAtOnce() throws Exception {
        DiskQueue<byte[]> q = DiskQueue.builder(NAME, dir, RecordFormat.BYTES).open();
        byte[] payload = new byte[1 << 20];
        int records = (int) (DiskQueue.RECYCLE_BYTES / payload.length);
        for (int i = 0; i < records; i++) {
            q.put(payload);
        }
        assertThat(Files.size(data(0))).isGreaterThanOrEqualTo(DiskQueue.RECYCLE_BYTES);
        for (int i = 0; i < records; i++) {
            assertThat(q.poll()).hasSize(payload.length);
        }
        assertThat(dataFiles()).as("not before the reader finds the end").containsExactly(dataName(0));
        assertThat(q.poll()).isNull();
        assertThat(dataFiles()).isEmpty();
        assertThat(meta()).isEqualTo("0\n1,0\n1,0\n");
        q.put(rec(0));
        assertThat(dataFiles()).containsExactly(dataName(1));
        assertThat(drain(q)).isEqualTo(recs(0));
        q.close();
    }

    @Test
    void queueOfAndFileBesideNameTheFilesOfAQueue() {
        assertThat(DiskQueue.queueOf("t:c.diskqueue.000042.dat")).isEqualTo("t:c");
        assertThat(DiskQueue.queueOf("t:c.diskqueue.meta.dat")).isEqualTo("t:c");
        assertThat(DiskQueue.queueOf("t.diskqueue.000000.dat.bad")).isEqualTo("t");
        assertThat(DiskQueue.queueOf("nsqd.dat")).isNull();
        assertThat(DiskQueue.queueOf(".diskqueue.meta.dat")).as("no queue name").isNull();
        assertThat(DiskQueue.queueOf("t.diskqueu.meta.dat")).isNull();
        assertThat(DiskQueue.queueOf("a.diskqueue.b.diskqueue.meta.dat")).as("a name may hold the infix")
                .isEqualTo("a.diskqueue.b");

        Path beside = DiskQueue.fileBeside(dir, "t:c", "deferred.dat");
        assertThat(beside).isEqualTo(dir.resolve("t:c.diskqueue.deferred.dat"));
        assertThat(DiskQueue.queueOf(beside.getFileName().toString())).isEqualTo("t:c");
    }

    @Test
    void atomicFileWriteReplacesTheContentAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("x.dat");
        AtomicFile.write(file, "first content".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).isEqualTo("first content");
        AtomicFile.write(file, "2nd".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).as("replaced, not overwritten in place").isEqualTo("2nd");
        AtomicFile.write(file, new byte[0]);
        assertThat(Files.readAllBytes(file)).isEmpty();
        assertThat(files(dir)).containsExactly("x.dat");
    }

    @Test
    void deleteLeftoversRemovesOnlyTheTempFilesOfQueuesAndOfTheNamedFiles() throws Exception {
        List<String> leftovers = List.of("q.diskqueue.meta.dat.4611686018427387903.tmp",
                "q.diskqueue.000003.dat.17.tmp", "t-c.diskqueue.deferred.dat.9.tmp", "nsqd.dat.123.tmp",
                "a+b.dat.5.tmp");
        List<String> kept = List.of("q.diskqueue.meta.dat", "q.diskqueue.000003.dat", "nsqd.dat",
                "aab.dat.5.tmp", "other.dat.5.tmp", "q.diskqueue.meta.dat.x1.tmp", "q.diskqueue.meta.dat.tmp",
                "q.diskqueue.meta.dat.5.tmp.bak", "nsqd.dat.tmp", "diskqueue.meta.dat.1.tmp", "nsqd.dat.-1.tmp");
        for (String f : leftovers) {
            Files.writeString(dir.resolve(f), "leftover");
        }
        for (String f : kept) {
            Files.writeString(dir.resolve(f), "kept");
        }
        AtomicFile.deleteLeftovers(dir, "nsqd.dat", "a+b.dat");
        assertThat(files(dir)).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void filesAreCreatedOwnerReadWriteOnly() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        DiskQueue<byte[]> q = builder(1 << 20).msgSizes(1, 64).open();
        putAll(q, 0, 3);
        q.close();
        overwrite(data(0), RECORD, int32(-1));
        DiskQueue<byte[]> again = builder(1 << 20).msgSizes(1, 64).open();
        assertThat(drain(again)).isEqualTo(recs(0, 2));
        again.close();
        Path atomic = dir.resolve("x.dat");
        AtomicFile.write(atomic, new byte[] {1});

        for (Path f : List.of(data(0), metaFile(), bad(0), atomic)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
    }
}
