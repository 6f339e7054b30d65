package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jnsq.diskqueue.DiskQueue;
import io.jnsq.testwire.fuzz.LogWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MessageDiskQueueTest {
    private static final String NAME = "t:c";
    private static final long TS = 1_700_000_000_123_456_789L;
    /** Every test message is 4 + 26 + 10 bytes on disk. */
    private static final int RECORD = 40;

    @TempDir
    Path dir;

    private MessageDiskQueue open(long maxBytesPerFile, long syncEvery) {
        return new MessageDiskQueue(NAME, dir, maxBytesPerFile, 1024, syncEvery, Duration.ofHours(1));
    }

    /** A channel's queue: each record read stays until its message is released. */
    private MessageDiskQueue openHolding(long maxBytesPerFile, long syncEvery) {
        return new MessageDiskQueue(NAME, dir, maxBytesPerFile, 1024, syncEvery, Duration.ofHours(1), Runnable::run,
                true);
    }

    private static Message msg(int i) {
        Message m = new Message(0x18a3149e66c2a000L + i, TS + i,
                String.format("body-%05d", i).getBytes(StandardCharsets.US_ASCII));
        m.attempts = (char) (i % 3);
        return m;
    }

    private static void assertMessage(Message m, int i) {
        assertThat(m).as("message %d", i).isNotNull();
        assertThat(m.id).isEqualTo(0x18a3149e66c2a000L + i);
        assertThat(m.timestamp).isEqualTo(TS + i);
        assertThat(m.attempts()).isEqualTo(i % 3);
        assertThat(new String(m.body, StandardCharsets.US_ASCII)).isEqualTo(String.format("body-%05d", i));
    }

    /** A record written from the reference's description, independently of the code under test. */
    private static byte[] nsqRecord(String hexId, long ts, int attempts, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 26 + body.length);
        b.putInt(26 + body.length).putLong(ts).putShort((short) attempts);
        b.put(hexId.getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    /** The record of {@code msg(i)}. */
    private static byte[] record(int i) {
        return nsqRecord(String.format("%016x", 0x18a3149e66c2a000L + i), TS + i, i % 3,
                String.format("body-%05d", i).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).sorted().toList();
        }
    }

    private List<String> dataFiles() throws IOException {
        return files().stream().filter(n -> n.matches(".*\\.diskqueue\\.\\d{6}\\.dat")).toList();
    }

    private String meta() throws IOException {
        return Files.readString(dir.resolve(NAME + ".diskqueue.meta.dat"));
    }

    private void putAll(MessageDiskQueue q, int from, int to) throws BackendException {
        for (int i = from; i < to; i++) {
            q.put(msg(i));
        }
    }

    /** Records 0 to {@code n - 1}, ten to a file, the queue closed. */
    private void writeTenToAFileAndClose(int n) throws BackendException {
        MessageDiskQueue q = open(10 * RECORD, 2500);
        putAll(q, 0, n);
        q.close();
    }

    private Path dataFile(int fileNum) {
        return dir.resolve(String.format("%s.diskqueue.%06d.dat", NAME, fileNum));
    }

    /** Overwrites bytes of data file {@code fileNum} at {@code offset}; returns the file's new content. */
    private byte[] overwrite(int fileNum, int offset, byte[] with) throws IOException {
        byte[] bytes = Files.readAllBytes(dataFile(fileNum));
        System.arraycopy(with, 0, bytes, offset, with.length);
        Files.write(dataFile(fileNum), bytes);
        return bytes;
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private byte[] badFile(int fileNum) throws IOException {
        return Files.readAllBytes(dir.resolve(dataFile(fileNum).getFileName() + ".bad"));
    }

    /** Polls the messages {@code expected}, in order, and then nothing. */
    private static void assertPolls(MessageDiskQueue q, int... expected) {
        for (int i : expected) {
            assertMessage(q.poll(), i);
        }
        assertThat(q.poll()).isNull();
    }

    @Test
    void roundTripAcrossRolledFilesInOrder() throws Exception {
        MessageDiskQueue q = open(5 * RECORD + 10, 2500);
        putAll(q, 0, 100);
        assertThat(q.depth()).isEqualTo(100);
        assertThat(dataFiles()).hasSize(20);
        for (String f : dataFiles()) {
            assertThat(Files.size(dir.resolve(f))).isEqualTo(5 * RECORD);
        }
        for (int i = 0; i < 100; i++) {
            assertMessage(q.poll(), i);
            assertThat(q.depth()).isEqualTo(99 - i);
        }
        assertThat(q.poll()).isNull();
        // consumed files are gone; only the file being written remains
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000019.dat");
        q.close();
        assertThat(meta()).isEqualTo("0\n19,200\n19,200\n");
    }

    @Test
    void aWriteMayWaitForTheDiskWhenItRollsTheFileOrEveryWriteIsFsynced() throws Exception {
        MessageDiskQueue q = open(5 * RECORD + 10, 2500);
        assertThat(q.writeMayWait(List.of(msg(0)))).as("the first record of a file").isFalse();
        putAll(q, 0, 5);
        assertThat(q.writeMayWait(List.of(msg(5)))).as("a record that does not fit the file").isTrue();
        putAll(q, 5, 6);
        assertThat(q.writeMayWait(List.of(msg(6)))).as("the second record of the next file").isFalse();
        q.close();
        MessageDiskQueue syncsEveryWrite = new MessageDiskQueue("other", dir, 1 << 20, 1024, 1, Duration.ofHours(1));
        assertThat(syncsEveryWrite.writeMayWait(List.of(msg(0)))).as("--sync-every=1").isTrue();
        syncsEveryWrite.close();
    }

    @Test
    void consumedFilesAreDeletedAsTheReaderMovesPast() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 2500);
        putAll(q, 0, 6);
        assertThat(dataFiles()).hasSize(3);
        assertMessage(q.poll(), 0);
        assertThat(dataFiles()).hasSize(3);
        assertMessage(q.poll(), 1);
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000001.dat", NAME + ".diskqueue.000002.dat");
        q.close();
    }

    @Test
    void aReaderLeavingAFileHasTheSyncThreadPersistItAndThenDeleteTheFile() throws Exception {
        List<Runnable> syncs = new ArrayList<>();
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 2 * RECORD, 1024, 2500, Duration.ofHours(1), syncs::add,
                false);
        putAll(q, 0, 4);
        assertMessage(q.poll(), 0);
        assertMessage(q.poll(), 1);

        assertThat(syncs).as("the reader's sync, handed over").hasSize(1);
        assertThat(dataFiles()).contains(NAME + ".diskqueue.000000.dat");
        assertThat(meta()).as("as the roll to file 1 left it").isEqualTo("2\n0,0\n1,0\n");
        syncs.remove(0).run();
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000001.dat");
        assertThat(meta()).isEqualTo("2\n1,0\n1,80\n");
        q.close();
    }

    @Test
    void reopenAfterCloseContinuesWhereItStopped() throws Exception {
        MessageDiskQueue q = open(3 * RECORD, 2500);
        putAll(q, 0, 10);
        for (int i = 0; i < 4; i++) {
            assertMessage(q.poll(), i);
        }
        q.close();
        assertThat(meta()).isEqualTo("6\n1,40\n3,40\n");

        MessageDiskQueue again = open(3 * RECORD, 2500);
        assertThat(again.depth()).isEqualTo(6);
        assertMessage(again.poll(), 4);
        putAll(again, 10, 12);
        for (int i = 5; i < 12; i++) {
            assertMessage(again.poll(), i);
        }
        assertThat(again.poll()).isNull();
        again.close();
    }

    @Test
    void metadataAndDataFilesAreByteForByteNsqFormat() throws Exception {
        MessageDiskQueue q = open(100, 2500);
        putAll(q, 0, 5);
        assertMessage(q.poll(), 0);
        q.close();
        // 2 records per file (a third would pass 100 bytes): files 0, 1, 2; one record read from file 0
        assertThat(meta()).isEqualTo("4\n0,40\n2,40\n");
        byte[] expected = concat(
                nsqRecord("18a3149e66c2a000", TS, 0, "body-00000".getBytes(StandardCharsets.US_ASCII)),
                nsqRecord("18a3149e66c2a001", TS + 1, 1, "body-00001".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readAllBytes(dir.resolve(NAME + ".diskqueue.000000.dat"))).isEqualTo(expected);
        assertThat(Files.size(dir.resolve(NAME + ".diskqueue.000002.dat"))).isEqualTo(RECORD);
    }

    @Test
    void deferredMessagesKeepTheirDeadlineInASideFileAndTheirRecordInNsqFormat() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        Message deferred = msg(1);
        deferred.deferredUntil = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        q.putAll(List.of(msg(0), deferred, msg(2)));
        q.close();
        Path sideFile = dir.resolve(NAME + ".diskqueue.deferred.dat");
        assertThat(Files.readString(sideFile)).matches("18a3149e66c2a001 \\d+\n");
        byte[] nsqBytes = concat(
                nsqRecord("18a3149e66c2a000", TS, 0, "body-00000".getBytes(StandardCharsets.US_ASCII)),
                nsqRecord("18a3149e66c2a001", TS + 1, 1, "body-00001".getBytes(StandardCharsets.US_ASCII)),
                nsqRecord("18a3149e66c2a002", TS + 2, 2, "body-00002".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readAllBytes(dir.resolve(NAME + ".diskqueue.000000.dat"))).isEqualTo(nsqBytes);

        MessageDiskQueue again = open(1024 * 1024, 2500);
        Message first = again.poll();
        Message second = again.poll();
        assertThat(first.deferredUntil).isZero();
        assertThat(second.deferredUntil - System.nanoTime())
                .isBetween(TimeUnit.MINUTES.toNanos(59), TimeUnit.HOURS.toNanos(1));
        assertMessage(second, 1);
        assertThat(again.poll().deferredUntil).isZero();
        assertThat(again.poll()).isNull();
        again.close();
        assertThat(sideFile).doesNotExist();
    }

    @Test
    void withoutTheSideFileDeferredMessagesAreDeliveredAtOnceAsNsqWould() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        Message deferred = msg(0);
        deferred.deferredUntil = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        q.put(deferred);
        q.close();
        Files.delete(dir.resolve(NAME + ".diskqueue.deferred.dat"));

        MessageDiskQueue again = open(1024 * 1024, 2500);
        Message m = again.poll();
        assertMessage(m, 0);
        assertThat(m.deferredUntil).isZero();
        again.close();
    }

    @Test
    void emptyForgetsDeferredDeadlines() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        Message deferred = msg(0);
        deferred.deferredUntil = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        q.put(deferred);
        q.empty();
        q.put(msg(1));
        q.close();
        assertThat(dir.resolve(NAME + ".diskqueue.deferred.dat")).doesNotExist();
    }

    @Test
    void readsADataDirectoryWrittenInNsqFormat() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, '\n'};
        byte[] consumed = nsqRecord("18a3149e66c2a000", TS, 1, "already-read".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve(NAME + ".diskqueue.000003.dat"), concat(consumed,
                nsqRecord("18a3149e66c2a001", TS + 1, 0, "persist-msg-2".getBytes(StandardCharsets.US_ASCII)),
                nsqRecord("18a3149e66c2a002", TS + 2, 2, binary)));
        byte[] file4 = concat(nsqRecord("18a3149e66c2a003", TS + 3, 0, new byte[0]),
                nsqRecord("ffffffffffffffff", TS + 4, 65535, "last".getBytes(StandardCharsets.US_ASCII)));
        Files.write(dir.resolve(NAME + ".diskqueue.000004.dat"), file4);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"),
                "4\n3," + consumed.length + "\n4," + file4.length + "\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertThat(q.depth()).isEqualTo(4);
        List<Message> got = new ArrayList<>();
        for (Message m; (m = q.poll()) != null; ) {
            got.add(m);
        }
        assertThat(got).extracting(m -> m.id).containsExactly(0x18a3149e66c2a001L, 0x18a3149e66c2a002L,
                0x18a3149e66c2a003L, -1L);
        assertThat(got).extracting(Message::attempts).containsExactly(0, 2, 0, 65535);
        assertThat(got).extracting(m -> m.timestamp).containsExactly(TS + 1, TS + 2, TS + 3, TS + 4);
        assertThat(got.get(0).body).isEqualTo("persist-msg-2".getBytes(StandardCharsets.US_ASCII));
        assertThat(got.get(1).body).isEqualTo(binary);
        assertThat(got.get(2).body).isEmpty();
        assertThat(q.depth()).isZero();
        // new writes go on after NSQ's writePos in NSQ's write file
        q.put(msg(7));
        assertMessage(q.poll(), 7);
        q.close();
        assertThat(meta()).isEqualTo("0\n4," + (file4.length + RECORD) + "\n4," + (file4.length + RECORD) + "\n");
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000004.dat");
    }

    @Test
    void aNegativeDepthInTheMetadataReadsAsZero() throws Exception {
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "-1\n0,0\n0,0\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertThat(q.depth()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertPolls(q);
        q.close();
    }

    @Test
    void aDepthTheMetadataUndercountsStaysAtZeroAndEveryMessageIsRead() throws Exception {
        writeTenToAFileAndClose(3);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "1\n0,0\n0," + 3 * RECORD + "\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertMessage(q.poll(), 0);
        assertThat(q.depth()).isZero();
        // the owner's backlog goes on while there is data, whatever the depth says
        assertThat(q.isEmpty()).isFalse();
        assertMessage(q.poll(), 1);
        assertThat(q.depth()).isZero();
        assertPolls(q, 2);
        assertThat(q.depth()).isZero();
        assertThat(q.isEmpty()).isTrue();
        q.close();
    }

    @Test
    void aNegativeReadPositionInTheMetadataReadsTheFileFromItsStart() throws Exception {
        Files.write(dataFile(0), new byte[0]);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "0\n0,-1\n0,0\n");
        MessageDiskQueue empty = open(1024 * 1024, 2500);
        assertPolls(empty);
        empty.close();

        writeTenToAFileAndClose(3);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "1\n0,-9223372036854775808\n0," + 3 * RECORD
                + "\n");
        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertPolls(q, 0, 1, 2);
        assertThat(files()).noneMatch(f -> f.endsWith(".bad"));
        q.close();
    }

    @Test
    void aNegativeWritePositionInTheMetadataKeepsTheRecordsOfTheWriteFile() throws Exception {
        writeTenToAFileAndClose(3);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "3\n0,0\n0,-1\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertThat(q.depth()).isEqualTo(3);
        assertPolls(q, 0, 1, 2);
        assertThat(q.depth()).isZero();
        q.close();
    }

    @Test
    void aRecordWithTooLargeASizeCostsOnlyItself() throws Exception {
        writeTenToAFileAndClose(12);
        byte[] file0 = overwrite(0, 5 * RECORD, int32(0x7fffffff));

        MessageDiskQueue again = open(10 * RECORD, 2500);
        assertThat(again.depth()).isEqualTo(12);
        for (int i = 0; i < 5; i++) {
            assertMessage(again.poll(), i);
        }
        assertMessage(again.poll(), 6);
        assertThat(again.depth()).isEqualTo(5);
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 5 * RECORD, 6 * RECORD));

        // "crash": the skip was persisted, nothing is read or set aside twice
        MessageDiskQueue third = open(10 * RECORD, 2500);
        assertThat(third.depth()).isEqualTo(5);
        assertPolls(third, 7, 8, 9, 10, 11);
        assertThat(third.depth()).isZero();
        assertThat(badFile(0)).hasSize(RECORD);
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000001.dat");
        third.close();
    }

    @Test
    void recordsWithANegativeOrTooSmallSizeCostOnlyThemselves() throws Exception {
        writeTenToAFileAndClose(12);
        overwrite(0, 3 * RECORD, int32(-1));
        byte[] file0 = overwrite(0, 8 * RECORD, int32(MessageRecords.MIN_SIZE - 1));

        MessageDiskQueue again = open(10 * RECORD, 2500);
        assertPolls(again, 0, 1, 2, 4, 5, 6, 7, 9, 10, 11);
        assertThat(again.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(concat(Arrays.copyOfRange(file0, 3 * RECORD, 4 * RECORD),
                Arrays.copyOfRange(file0, 8 * RECORD, 9 * RECORD)));
        again.close();
    }

    @Test
    void aRecordWithANonHexIdCostsOnlyItself() throws Exception {
        writeTenToAFileAndClose(12);
        // upper case is not an ID either: NSQ compares IDs as bytes
        byte[] file0 = overwrite(0, 5 * RECORD + 4 + 10 + 3, "A".getBytes(StandardCharsets.US_ASCII));

        MessageDiskQueue again = open(10 * RECORD, 2500);
        assertPolls(again, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11);
        assertThat(again.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 5 * RECORD, 6 * RECORD));
        again.close();
    }

    @Test
    void aCorruptRecordInTheWriteFileCostsOnlyItselfAndWritingGoesOnInTheSameFile() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        putAll(q, 0, 10);
        byte[] file0 = overwrite(0, 5 * RECORD + 4 + 10, "X".getBytes(StandardCharsets.US_ASCII));

        for (int i = 0; i < 5; i++) {
            assertMessage(q.poll(), i);
        }
        assertMessage(q.poll(), 6);
        assertThat(q.depth()).isEqualTo(3);
        assertPolls(q, 7, 8, 9);
        assertThat(q.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 5 * RECORD, 6 * RECORD));
        q.put(msg(10));
        assertPolls(q, 10);
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000000.dat");
        assertThat(Arrays.copyOf(Files.readAllBytes(dataFile(0)), 10 * RECORD)).isEqualTo(file0);
        q.close();
    }

    @Test
    void aCorruptLastRecordInTheWriteFileIsSkippedUpToTheWritePosition() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        putAll(q, 0, 10);
        byte[] file0 = overwrite(0, 9 * RECORD, int32(0x7fffffff));

        assertPolls(q, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(q.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 9 * RECORD, 10 * RECORD));
        q.put(msg(10));
        assertPolls(q, 10);
        assertThat(Files.size(dataFile(0))).isEqualTo(11 * RECORD);
        q.close();
    }

    @Test
    void aCorruptLastRecordOfAFinishedFileCostsOnlyItselfAndReadingGoesOnWithTheNextFile() throws Exception {
        writeTenToAFileAndClose(12);
        byte[] file0 = overwrite(0, 9 * RECORD, int32(0x7fffffff));

        MessageDiskQueue again = open(10 * RECORD, 2500);
        assertPolls(again, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11);
        assertThat(again.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 9 * RECORD, 10 * RECORD));
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000001.dat");
        again.close();
    }

    @Test
    void garbageAcrossTwoRecordsCostsOnlyThoseTwo() throws Exception {
        writeTenToAFileAndClose(12);
        byte[] garbage = new byte[RECORD + 18]; // from record 4's size to the middle of record 5's ID
        Arrays.fill(garbage, (byte) 0xee);
        byte[] file0 = overwrite(0, 4 * RECORD + 2, garbage);

        MessageDiskQueue again = open(10 * RECORD, 2500);
        assertPolls(again, 0, 1, 2, 3, 6, 7, 8, 9, 10, 11);
        // one record was counted as lost, two were: the tail check puts the depth right
        assertThat(again.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOfRange(file0, 4 * RECORD, 6 * RECORD));
        again.close();
    }

    @Test
    void aWriteFileShorterThanTheMetadataSaysSetsAsideAndLogsOnlyTheBytesItHolds() throws Exception {
        writeTenToAFileAndClose(3);
        byte[] cut = Arrays.copyOfRange(Files.readAllBytes(dataFile(0)), 1, 3 * RECORD);
        Files.write(dataFile(0), cut);

        try (LogWatch log = LogWatch.capture(DiskQueue.class.getName())) {
            MessageDiskQueue q = open(1024 * 1024, 2500);
            assertPolls(q, 1, 2);
            q.close();
            assertThat(badFile(0)).isEqualTo(Arrays.copyOf(cut, RECORD - 1));
            assertThat(log.takeErrors()).anyMatch(e -> e.contains("(39 bytes)"))
                    .noneMatch(e -> e.contains("failed to save"));
        }
    }

    @Test
    void aRecordLookalikeInsideACorruptRecordIsNotTaken() throws Exception {
        byte[] lookalike = nsqRecord("18a3149e66c2afff", TS, 0, new byte[0]);
        byte[] corrupt = nsqRecord("18a3149e66c2a000", TS, 0,
                concat(lookalike, "no-header-follows".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer.wrap(corrupt).putInt(0, 0x7fffffff);
        Files.write(dataFile(0), concat(corrupt, record(1), record(2)));
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "3\n0,0\n1,0\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertPolls(q, 1, 2);
        assertThat(q.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(corrupt);
        q.close();
    }

    @Test
    void garbageLongerThanTheReadBufferIsSkippedToTheNextRecord() throws Exception {
        byte[] garbage = new byte[200_000];
        new Random(42).nextBytes(garbage);
        Files.write(dataFile(0), concat(garbage, record(1), record(2)));
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "3\n0,0\n1,0\n");

        MessageDiskQueue q = open(1024 * 1024, 2500);
        assertPolls(q, 1, 2);
        assertThat(q.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(garbage);
        q.close();
    }

    @Test
    void truncatedFinalRecordAfterACrashIsNotDelivered() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 1);
        putAll(q, 0, 5);
        // crash in the middle of writing a sixth record: its size and half its payload reached the file
        ByteBuf record = Unpooled.buffer();
        MessageRecords.writeRecord(record, msg(5));
        byte[] sixth = ByteBufUtil.getBytes(record);
        Path file0 = dir.resolve(NAME + ".diskqueue.000000.dat");
        Files.write(file0, Arrays.copyOf(sixth, 20), StandardOpenOption.APPEND);

        MessageDiskQueue again = open(1024 * 1024, 1);
        assertThat(again.depth()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertMessage(again.poll(), i);
        }
        assertThat(again.poll()).isNull();
        assertThat(again.depth()).isZero();
        assertThat(badFile(0)).isEqualTo(Arrays.copyOf(sixth, 20));
        again.put(msg(6));
        assertMessage(again.poll(), 6);
        assertThat(again.poll()).isNull();
        again.close();
    }

    @Test
    void unsyncedWritesBeyondWritePosAreKeptAndNotOverwritten() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 4);
        putAll(q, 0, 7); // synced after 4; 3 more written but not in the metadata
        assertThat(meta()).isEqualTo("4\n0,0\n0,160\n");
        byte[] file0 = Files.readAllBytes(dir.resolve(NAME + ".diskqueue.000000.dat"));
        assertThat(file0).hasSize(7 * RECORD);

        // "crash": q is abandoned; a new instance opens the same directory
        MessageDiskQueue again = open(1024 * 1024, 4);
        assertThat(again.depth()).isEqualTo(7);
        assertThat(meta()).isEqualTo("7\n0,0\n1,0\n");
        putAll(again, 7, 9);
        assertThat(Files.readAllBytes(dir.resolve(NAME + ".diskqueue.000000.dat"))).isEqualTo(file0);
        for (int i = 0; i < 9; i++) {
            assertMessage(again.poll(), i);
        }
        assertThat(again.poll()).isNull();
        assertThat(again.depth()).isZero();
        again.close();
    }

    @Test
    void unsyncedWritesWithoutAnyMetadataAreKept() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        putAll(q, 0, 3);
        assertThat(files()).doesNotContain(NAME + ".diskqueue.meta.dat");

        MessageDiskQueue again = open(1024 * 1024, 2500);
        assertThat(again.depth()).isEqualTo(3);
        again.put(msg(3));
        for (int i = 0; i < 4; i++) {
            assertMessage(again.poll(), i);
        }
        again.close();
    }

    @Test
    void withTheMetadataLostEveryDataFileIsReadAndNoneWrittenOver() throws Exception {
        writeTenToAFileAndClose(25);
        Files.delete(dir.resolve(NAME + ".diskqueue.meta.dat"));

        MessageDiskQueue q = open(10 * RECORD, 2500);
        assertThat(q.depth()).isEqualTo(25);
        q.put(msg(25));
        for (int i = 0; i <= 25; i++) {
            assertMessage(q.poll(), i);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.depth()).isZero();
        q.close();
    }

    @Test
    void aFullyConsumedFileIsNeverDeliveredAgainAfterACrash() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 2500);
        putAll(q, 0, 6);
        assertMessage(q.poll(), 0);
        assertMessage(q.poll(), 1);
        // crash now: the reader's move past file 0 was persisted before file 0 was deleted

        MessageDiskQueue again = open(2 * RECORD, 2500);
        assertThat(again.depth()).isEqualTo(4);
        for (int i = 2; i < 6; i++) {
            assertMessage(again.poll(), i);
        }
        assertThat(again.poll()).isNull();
        again.close();
    }

    @Test
    void aHeldReadIsReadAgainAfterACrashUntilItIsReleased() throws Exception {
        MessageDiskQueue q = openHolding(1 << 20, 1);
        putAll(q, 0, 4);
        Message m0 = q.poll();
        Message m1 = q.poll();
        Message m2 = q.poll();
        q.release(m1.diskMark); // out of order: 0 is still held, so the position stays before it
        assertThat(q.depth()).as("unread only, as NSQ's depth").isEqualTo(1);
        assertThat(meta()).isEqualTo("4\n0,0\n0," + 4 * RECORD + "\n");

        MessageDiskQueue crashed = openHolding(1 << 20, 1);
        assertThat(crashed.depth()).isEqualTo(4);
        assertPollsHolding(crashed, 0, 1, 2, 3);

        q.release(m0.diskMark); // 0 and 1 released: the oldest held is 2
        assertThat(meta()).isEqualTo("2\n0," + 2 * RECORD + "\n0," + 4 * RECORD + "\n");
        assertPollsHolding(openHolding(1 << 20, 1), 2, 3);

        q.release(m2.diskMark);
        q.release(m2.diskMark); // twice: ignored
        assertPollsHolding(openHolding(1 << 20, 1), 3);
    }

    @Test
    void aFileHoldingAHeldRecordIsKeptUntilItIsReleased() throws Exception {
        MessageDiskQueue q = openHolding(2 * RECORD, 1);
        putAll(q, 0, 6);
        List<Message> read = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            read.add(q.poll());
        }
        assertThat(q.poll()).isNull();
        assertThat(dataFiles()).as("every record still held").hasSize(3);
        q.release(read.get(1).diskMark);
        q.release(read.get(0).diskMark);
        q.release(read.get(3).diskMark);
        assertThat(dataFiles()).as("file 0 released whole, file 1 still holds record 2")
                .containsExactly(NAME + ".diskqueue.000001.dat", NAME + ".diskqueue.000002.dat");
        q.release(read.get(2).diskMark);
        q.release(read.get(4).diskMark);
        q.release(read.get(5).diskMark);
        assertThat(q.poll()).isNull();
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000002.dat");
        assertThat(meta()).isEqualTo("0\n2," + 2 * RECORD + "\n2," + 2 * RECORD + "\n");
        q.close();
        assertPollsHolding(openHolding(2 * RECORD, 1));
    }

    @Test
    void emptyLetsEveryHeldRecordGo() throws Exception {
        MessageDiskQueue q = openHolding(2 * RECORD, 1);
        putAll(q, 0, 5);
        Message first = q.poll();
        q.poll();
        q.poll();
        q.empty();
        assertThat(dataFiles()).isEmpty();
        q.release(first.diskMark); // from before the empty: ignored
        q.put(msg(7));
        assertPollsHolding(q, 7);
        q.close();
        assertPollsHolding(openHolding(2 * RECORD, 1), 7);
    }

    @Test
    void aTopicsQueueHoldsNothing() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 1);
        putAll(q, 0, 3);
        assertThat(q.poll().diskMark).isZero();
        assertPolls(open(2 * RECORD, 1), 1, 2);
    }

    /** Polls {@code expected} in order and then nothing; each message carries a mark. */
    private static void assertPollsHolding(MessageDiskQueue q, int... expected) {
        for (int i : expected) {
            Message m = q.poll();
            assertMessage(m, i);
            assertThat(m.diskMark).as("mark of %d", i).isPositive();
        }
        assertThat(q.poll()).isNull();
    }

    @Test
    void aRecordLargerThanAFileGoesAloneIntoAFreshFile() throws Exception {
        MessageDiskQueue q = open(100, 2500);
        q.put(msg(0));
        Message big = new Message(1, TS, new byte[300]);
        q.put(big);
        q.put(msg(2));
        assertThat(dataFiles()).hasSize(3);
        assertThat(Files.size(dir.resolve(NAME + ".diskqueue.000000.dat"))).isEqualTo(RECORD);
        assertThat(Files.size(dir.resolve(NAME + ".diskqueue.000001.dat"))).isEqualTo(4 + 26 + 300);
        assertThat(Files.size(dir.resolve(NAME + ".diskqueue.000002.dat"))).isEqualTo(RECORD);
        assertMessage(q.poll(), 0);
        assertThat(q.poll().body).hasSize(300);
        assertMessage(q.poll(), 2);
        q.close();
    }

    @Test
    void emptyDeletesTheDataAndStartsAfterTheLastFile() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 2500);
        putAll(q, 0, 5);
        assertMessage(q.poll(), 0);
        q.empty();
        assertThat(q.depth()).isZero();
        assertThat(q.poll()).isNull();
        assertThat(dataFiles()).isEmpty();
        assertThat(meta()).isEqualTo("0\n3,0\n3,0\n");
        q.put(msg(9));
        assertThat(dataFiles()).containsExactly(NAME + ".diskqueue.000003.dat");
        assertMessage(q.poll(), 9);
        q.close();
    }

    @Test
    void emptyReportsADataFileItCannotRemoveAndIsEmptyAllTheSame() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 2500);
        // a non-empty directory where the first data file goes cannot be deleted, even by root
        Files.createDirectories(dir.resolve(NAME + ".diskqueue.000000.dat").resolve("inside"));
        assertThatThrownBy(q::empty).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("DISKQUEUE(t:c) failed to remove data file - ");
        assertThat(q.depth()).isZero();
        assertThat(q.poll()).isNull();
        q.put(msg(9));
        assertMessage(q.poll(), 9);
        q.close();
        assertThatThrownBy(q::empty).isInstanceOf(BackendException.class).hasMessage("exiting");
    }

    @Test
    void deleteRemovesEverything() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 1);
        putAll(q, 0, 5);
        q.poll();
        q.delete();
        assertThat(files()).isEmpty();
        assertThatThrownBy(() -> q.put(msg(0))).isInstanceOf(BackendException.class).hasMessage("exiting");
        assertThat(q.poll()).isNull();
    }

    @Test
    void closeKeepsEverythingAndWritesTheMetadata() throws Exception {
        MessageDiskQueue q = open(1024, 2500);
        q.close();
        assertThat(meta()).isEqualTo("0\n0,0\n0,0\n");
        assertThat(dataFiles()).isEmpty();
    }

    @Test
    void payloadsOutsideTheSizeLimitsAreRefused() throws Exception {
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 1024 * 1024, 100, 1, Duration.ofSeconds(2));
        assertThatThrownBy(() -> q.put(new Message(1, TS, new byte[101])))
                .isInstanceOf(BackendException.class)
                .hasMessage("invalid message write size (127) minMsgSize=26 maxMsgSize=126");
        assertThat(q.depth()).isZero();
        assertThat(dataFiles()).isEmpty();
        q.put(new Message(1, TS, new byte[100]));
        assertThat(q.poll().body).hasSize(100);
        q.close();
    }

    @Test
    void filesAreOwnerReadWriteOnly() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        MessageDiskQueue q = open(1024, 1);
        q.put(msg(0));
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(NAME + ".diskqueue.000000.dat"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(NAME + ".diskqueue.meta.dat"))))
                .isEqualTo("rw-------");
        q.close();
    }

    @Test
    void syncTimeoutPersistsOnTheNextOperation() throws Exception {
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 1024, 1024, 2500, Duration.ZERO);
        q.put(msg(0));
        assertThat(meta()).isEqualTo("1\n0,0\n0,40\n");
        q.close();
    }

    /**
     * An unwritable data file, simulated as root ignores permissions: a directory stands where the data file
     * must be created. Removing it plays the disk coming back.
     */
    @Test
    void aFailedWriteGivesAClearErrorAndTheQueueRecovers() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 1);
        putAll(q, 0, 2);
        Path blocker = dir.resolve(NAME + ".diskqueue.000001.dat");
        Files.createDirectory(blocker);
        assertThatThrownBy(() -> q.put(msg(2)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("DISKQUEUE(t:c) failed to write to " + blocker);
        assertThat(q.depth()).isEqualTo(2);
        Files.delete(blocker);
        q.put(msg(2));
        q.put(msg(3));
        for (int i = 0; i < 4; i++) {
            assertMessage(q.poll(), i);
        }
        assertThat(q.poll()).isNull();
        q.close();
    }

    @Test
    void anUnwritableDirectoryGivesAClearErrorAndRecoversWhenWritable() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        try {
            boolean ignoresPermissions;
            try {
                Files.delete(Files.createFile(dir.resolve("probe")));
                ignoresPermissions = true;
            } catch (IOException e) {
                ignoresPermissions = false;
            }
            assumeThat(ignoresPermissions).as("running as a user that ignores permissions (root)").isFalse();
            MessageDiskQueue q = open(1024, 1);
            assertThatThrownBy(() -> q.put(msg(0))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("failed to write to");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            q.put(msg(0));
            assertMessage(q.poll(), 0);
            q.close();
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void filesWrittenWithALargerMaxBytesPerFileAreReadWhole() throws Exception {
        MessageDiskQueue q = open(1024 * 1024, 2500);
        putAll(q, 0, 10);
        q.close();
        MessageDiskQueue again = open(2 * RECORD, 2500);
        putAll(again, 10, 14);
        for (int i = 0; i < 14; i++) {
            assertMessage(again.poll(), i);
        }
        assertThat(again.poll()).isNull();
        again.close();
    }

    @Test
    void aMissingDataFileIsSkipped() throws Exception {
        MessageDiskQueue q = open(2 * RECORD, 2500);
        putAll(q, 0, 6);
        q.close();
        Files.delete(dir.resolve(NAME + ".diskqueue.000001.dat"));
        MessageDiskQueue again = open(2 * RECORD, 2500);
        assertMessage(again.poll(), 0);
        assertMessage(again.poll(), 1);
        assertMessage(again.poll(), 4);
        assertMessage(again.poll(), 5);
        assertThat(again.poll()).isNull();
        assertThat(again.depth()).isZero();
        again.close();
    }

    /** Three records in file 0, and metadata whose write file number is 999999. */
    private MessageDiskQueue openWithAWriteFileMillionsOn() throws Exception {
        writeTenToAFileAndClose(3);
        Files.writeString(dir.resolve(NAME + ".diskqueue.meta.dat"), "3\n0,0\n999999,0\n");
        return open(1024 * 1024, 2500);
    }

    @Test
    @Timeout(10)
    void aWriteFileMillionsOfNumbersOnInTheMetadataIsReachedAtOnce() throws Exception {
        MessageDiskQueue q = openWithAWriteFileMillionsOn();
        assertPolls(q, 0, 1, 2);
        q.put(msg(3));
        assertPolls(q, 3);
        q.close();
    }

    @Test
    @Timeout(10)
    void emptyAcrossMillionsOfFileNumbersDeletesTheFilesThatExist() throws Exception {
        MessageDiskQueue q = openWithAWriteFileMillionsOn();
        q.empty();
        assertThat(dataFiles()).isEmpty();
        assertPolls(q);
        q.close();
    }

    @Test
    void concurrentWriterAndReaderSeeEveryMessageOnceInOrder() throws Exception {
        MessageDiskQueue q = open(50 * RECORD, 100);
        int n = 20_000;
        Thread writer = new Thread(() -> {
            try {
                putAll(q, 0, n);
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        int next = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (next < n && System.nanoTime() < deadline) {
            Message m = q.poll();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            assertMessage(m, next++);
        }
        writer.join(10_000);
        assertThat(next).isEqualTo(n);
        assertThat(q.poll()).isNull();
        assertThat(q.depth()).isZero();
        assertThat(dataFiles()).hasSizeLessThanOrEqualTo(1);
        q.close();
    }

    @Test
    void openUsesNsqdOptions() throws Exception {
        NsqdOptions opts = new NsqdOptions();
        opts.dataPath = dir.toString();
        opts.maxBytesPerFile = 2 * RECORD;
        opts.syncEvery = 1;
        MessageDiskQueue q = MessageDiskQueue.open(NAME, opts, Runnable::run);
        putAll(q, 0, 3);
        assertThat(dataFiles()).hasSize(2);
        assertThat(meta()).isEqualTo("3\n0,0\n1,40\n");
        q.close();
    }
}
