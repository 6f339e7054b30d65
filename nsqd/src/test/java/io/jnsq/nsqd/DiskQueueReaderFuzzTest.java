package io.jnsq.nsqd;

import static io.jnsq.nsqd.FuzzDiskQueueData.MAX_BODY;
import static io.jnsq.nsqd.FuzzDiskQueueData.NAME;
import static io.jnsq.nsqd.FuzzDiskQueueData.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.diskqueue.DiskQueue;
import io.jnsq.testwire.fuzz.Bounded;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.LogWatch;
import io.jnsq.testwire.fuzz.Mutations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A disk queue opened as nsqd opens it at start and read until empty, over data files and metadata that are
 * whole, damaged or random: reading ends, throws nothing, delivers in order only records that are on disk, keeps
 * the depth from going negative, loses no record before the damage nor in a file after it, and sets bytes aside
 * in {@code .bad} (logged at ERROR with the byte count) only when something was damaged.
 * {@code -Djnsq.fuzz.tries=N} runs it longer ({@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
class DiskQueueReaderFuzzTest {
    /** Generous: a try takes milliseconds, so only a loop that does not end comes near it. */
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Pattern SET_ASIDE = Pattern.compile("corrupt data in .* \\((\\d+) bytes\\)");

    private static Bounded bounded;
    private static LogWatch log;

    @BeforeContainer
    static void start() {
        bounded = new Bounded(LIMIT);
        log = LogWatch.capture(DiskQueue.class.getPackageName());
    }

    @AfterContainer
    static void stop() {
        bounded.close();
        log.close();
    }

    @Property(tries = 150)
    void whatTheWriterWroteReadsBackExactly(@ForAll("messages") List<Message> messages,
            @ForAll @IntRange(min = 1, max = 400) int maxBytesPerFile, @ForAll @IntRange(min = 1, max = 5) int batch)
            throws Exception {
        try (TryDir dir = new TryDir()) {
            MessageDiskQueue q = new MessageDiskQueue(NAME, dir.path, maxBytesPerFile, MAX_BODY, 2500,
                    Duration.ofHours(1));
            for (int i = 0; i < messages.size(); i += batch) {
                q.putAll(messages.subList(i, Math.min(messages.size(), i + batch)));
            }
            q.close();

            Drained drained = drain(dir.path, hex(messages).toString());

            assertThat(hex(drained.read)).isEqualTo(hex(messages));
            List<Long> countdown = new ArrayList<>();
            for (long d = messages.size(); d >= 0; d--) {
                countdown.add(d);
            }
            countdown.add(0L);
            assertThat(drained.depths).isEqualTo(countdown);
            assertThat(dir.badFiles()).isEmpty();
            assertThat(drained.errors).isEmpty();
        }
    }

    @Property(tries = 500)
    void damagedDataCostsOnlyTheDamagedRecords(@ForAll("queues") FuzzDiskQueueData queue,
            @ForAll @IntRange(min = 0, max = 100) int whichFile, @ForAll("dataDamage") UnaryOperator<byte[]> damage)
            throws Exception {
        List<byte[]> files = queue.files();
        int d = whichFile % files.size();
        byte[] original = files.get(d);
        byte[] damaged = damage.apply(original);
        files.set(d, damaged);
        String context = describe(files, d, ascii(queue.meta().text()));
        try (TryDir dir = new TryDir()) {
            FuzzDiskQueueData.write(dir.path, files, queue.meta().text().getBytes(StandardCharsets.US_ASCII));

            Drained drained = drain(dir.path, context);

            drained.assertSane(files, context);
            Intact intact = Intact.of(queue, d, FuzzDiskQueueData.commonPrefix(original, damaged));
            List<String> read = hex(drained.read);
            assertThat(read).as(context).hasSizeGreaterThanOrEqualTo(intact.before.size() + intact.after.size());
            assertThat(read.subList(0, intact.before.size())).as(context).isEqualTo(hex(intact.before));
            assertThat(read.subList(read.size() - intact.after.size(), read.size())).as(context)
                    .isEqualTo(hex(intact.after));

            List<Path> bad = dir.badFiles();
            if (Arrays.equals(original, damaged)) {
                assertThat(bad).as(context).isEmpty();
                assertThat(drained.errors).as(context).isEmpty();
            } else {
                assertThat(bad).as(context).isSubsetOf(List.of(badFile(dir.path, d)));
                long setAside = bad.isEmpty() ? 0 : Files.size(bad.get(0));
                if (drained.errors.stream().noneMatch(e -> e.contains("reading at"))) {
                    // nothing was given up whole, so the .bad file is only what the error lines counted
                    assertThat(setAside).as(context).isEqualTo(drained.bytesSetAside())
                            .isLessThanOrEqualTo(Math.max(0, damaged.length - intact.endInDamagedFile));
                }
            }
        }
    }

    /**
     * The unread records before the first damaged byte of file {@code d}, with where the last of them ends in that
     * file (or where reading starts in it), and those of the files after it: damage costs none of them.
     */
    private record Intact(List<Message> before, long endInDamagedFile, List<Message> after) {
        static Intact of(FuzzDiskQueueData queue, int d, int intactUpTo) {
            List<Message> before = new ArrayList<>();
            long endInDamagedFile = d == 0 ? queue.readPos() : 0;
            for (int n = 0; n <= d; n++) {
                long pos = 0;
                for (Message m : queue.messagesOf(n)) {
                    long end = pos + record(m).length;
                    if ((n > 0 || pos >= queue.readPos()) && (n < d || end <= intactUpTo)) {
                        before.add(m);
                        endInDamagedFile = n == d ? end : endInDamagedFile;
                    }
                    pos = end;
                }
            }
            List<Message> after = new ArrayList<>();
            for (int n = d + 1; n < queue.fileCount(); n++) {
                after.addAll(queue.messagesOf(n));
            }
            return new Intact(before, endInDamagedFile, after);
        }
    }

    @Property(tries = 300)
    void damagedMetadataNeitherStopsNorBreaksReading(@ForAll("queues") FuzzDiskQueueData queue,
            @ForAll("metaDamage") Function<FuzzDiskQueueData.Meta, byte[]> damage) throws Exception {
        List<byte[]> files = queue.files();
        byte[] meta = damage.apply(queue.meta());
        String context = describe(files, -1, meta);
        try (TryDir dir = new TryDir()) {
            FuzzDiskQueueData.write(dir.path, files, meta);

            Drained drained = drain(dir.path, context);

            drained.assertSane(files, context);
            if (meta == null) {
                // no positions: every file is taken for writes that were never synced, the consumed ones too
                assertThat(hex(drained.read)).as(context).isEqualTo(hex(queue.messages()));
            } else if (new String(meta, StandardCharsets.ISO_8859_1).equals(queue.meta().text())) {
                assertThat(hex(drained.read)).as(context).isEqualTo(hex(queue.unread()));
                assertThat(dir.badFiles()).as(context).isEmpty();
                assertThat(drained.errors).as(context).isEmpty();
            }
        }
    }

    @Property(tries = 200)
    void damagedDataWithDamagedMetadataNeitherStopsNorBreaksReading(@ForAll("queues") FuzzDiskQueueData queue,
            @ForAll @IntRange(min = 0, max = 100) int whichFile, @ForAll("dataDamage") UnaryOperator<byte[]> damage,
            @ForAll("metaDamage") Function<FuzzDiskQueueData.Meta, byte[]> metaDamage) throws Exception {
        List<byte[]> files = queue.files();
        int d = whichFile % files.size();
        files.set(d, damage.apply(files.get(d)));
        byte[] meta = metaDamage.apply(queue.meta());
        String context = describe(files, d, meta);
        try (TryDir dir = new TryDir()) {
            FuzzDiskQueueData.write(dir.path, files, meta);

            drain(dir.path, context).assertSane(files, context);
        }
    }

    /** The input of a try, for its failure: jqwik prints the damage only as a lambda. */
    private static String describe(List<byte[]> files, int damaged, byte[] meta) {
        String data = damaged < 0 ? files.size() + " data files" : String.format("file %d of %d damaged to %s",
                damaged, files.size(), HexFormat.of().formatHex(files.get(damaged)));
        return data + ", metadata " + (meta == null ? "missing"
                : new String(meta, StandardCharsets.ISO_8859_1).replace("\n", "\\n"));
    }

    @Provide
    Arbitrary<List<Message>> messages() {
        return FuzzDiskQueueData.anyMessages();
    }

    @Provide
    Arbitrary<FuzzDiskQueueData> queues() {
        return FuzzDiskQueueData.queues();
    }

    /** Mutations of any kind, sizes where a record starts, garbage after the last record, or only garbage. */
    @Provide
    Arbitrary<UnaryOperator<byte[]>> dataDamage() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200);
        Arbitrary<Integer> size = Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 25, 27, 1 << 30,
                26 + MAX_BODY, 27 + MAX_BODY);
        Arbitrary<UnaryOperator<byte[]>> sizeAtARecord = Combinators.combine(Arbitraries.integers().between(0, 30),
                size, Arbitraries.of(true, false)).as(DiskQueueReaderFuzzTest::sizeAtRecord);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Mutations.damage()),
                Tuple.of(2, sizeAtARecord),
                Tuple.of(1, garbage.map(g -> in -> concat(in, g))),
                Tuple.of(1, garbage.map(g -> in -> g)));
    }

    /** Whole, missing, mutated, or with one position or the depth past the end of the data or negative. */
    @Provide
    Arbitrary<Function<FuzzDiskQueueData.Meta, byte[]>> metaDamage() {
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs().between(0, 2000),
                Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 999_999L));
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(meta -> ascii(meta.text()))),
                Tuple.of(1, Arbitraries.just(meta -> null)),
                Tuple.of(4, Mutations.damage().map(damage -> meta -> damage.apply(ascii(meta.text())))),
                Tuple.of(4, Combinators.combine(Arbitraries.integers().between(0, 4), value)
                        .as((field, v) -> meta -> ascii(withField(meta, field, v).text()))));
    }

    private static FuzzDiskQueueData.Meta withField(FuzzDiskQueueData.Meta m, int field, long v) {
        return switch (field) {
            case 0 -> new FuzzDiskQueueData.Meta(v, m.readFileNum(), m.readPos(), m.writeFileNum(), m.writePos());
            case 1 -> new FuzzDiskQueueData.Meta(m.depth(), v, m.readPos(), m.writeFileNum(), m.writePos());
            case 2 -> new FuzzDiskQueueData.Meta(m.depth(), m.readFileNum(), v, m.writeFileNum(), m.writePos());
            case 3 -> new FuzzDiskQueueData.Meta(m.depth(), m.readFileNum(), m.readPos(), v, m.writePos());
            default -> new FuzzDiskQueueData.Meta(m.depth(), m.readFileNum(), m.readPos(), m.writeFileNum(), v);
        };
    }

    /** {@code size} written over or put in front of the record {@code index} (modulo the records there are). */
    private static UnaryOperator<byte[]> sizeAtRecord(int index, int size, boolean insert) {
        return in -> {
            List<Integer> starts = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(in);
            for (int pos = 0; pos + 4 <= in.length; pos += 4 + b.getInt(pos)) {
                starts.add(pos);
            }
            if (starts.isEmpty()) {
                return in;
            }
            int at = starts.get(index % starts.size());
            byte[] bytes = ByteBuffer.allocate(4).putInt(size).array();
            if (insert) {
                return concat(concat(Arrays.copyOf(in, at), bytes),
                        Arrays.copyOfRange(in, at, in.length));
            }
            byte[] out = in.clone();
            System.arraycopy(bytes, 0, out, at, 4);
            return out;
        };
    }

    /**
     * Opens the queue in {@code dir} as nsqd does at start and polls it until it is empty, within the limit; what
     * escapes fails the try with {@code context}, the input that jqwik cannot print.
     */
    private static Drained drain(Path dir, String context) throws Exception {
        log.takeErrors();
        try {
            return bounded.run(() -> drainNow(dir));
        } catch (Exception | AssertionError e) {
            throw new AssertionError(context + ": " + e, e);
        }
    }

    private static Drained drainNow(Path dir) {
        MessageDiskQueue q = new MessageDiskQueue(NAME, dir, 1 << 20, MAX_BODY, 2500, Duration.ofHours(1));
        List<Message> read = new ArrayList<>();
        List<Long> depths = new ArrayList<>(List.of(q.depth()));
        for (Message m; (m = q.poll()) != null; ) {
            read.add(m);
            depths.add(q.depth());
        }
        depths.add(q.depth());
        q.close();
        return new Drained(read, depths, log.takeErrors());
    }

    /** The messages read, the depth at open, after each message and once empty, and the errors logged. */
    private record Drained(List<Message> read, List<Long> depths, List<String> errors) {
        /** What holds for any data and metadata, however damaged. */
        void assertSane(List<byte[]> files, String context) {
            assertThat(depths).as(context).allSatisfy(d -> assertThat(d).isNotNegative()).last().isEqualTo(0L);
            assertReadFromDisk(files, context);
        }

        /**
         * Every message read is the bytes of a record on disk, after the one read before it: nothing is made up,
         * repeated or reordered, whatever else damaged bytes may have turned into.
         */
        private void assertReadFromDisk(List<byte[]> files, String context) {
            int file = 0;
            int from = 0;
            for (Message m : read) {
                byte[] rec = record(m);
                int at;
                while ((at = indexOf(files.get(file), rec, from)) < 0 && file < files.size() - 1) {
                    file++;
                    from = 0;
                }
                assertThat(at).as("%s: read %s, which is not on disk after what was read before it", context,
                        HexFormat.of().formatHex(rec)).isNotNegative();
                from = at + rec.length;
            }
        }

        /** The bytes the ERROR lines say went to a {@code .bad} file. */
        long bytesSetAside() {
            long total = 0;
            for (String e : errors) {
                Matcher m = SET_ASIDE.matcher(e);
                if (m.find()) {
                    total += Long.parseLong(m.group(1));
                }
            }
            return total;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> hex(List<Message> messages) {
        return messages.stream().map(m -> HexFormat.of().formatHex(record(m))).toList();
    }

    private static Path badFile(Path dir, int n) {
        Path data = FuzzDiskQueueData.dataFile(dir, n);
        return data.resolveSibling(data.getFileName() + ".bad");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /**
     * A directory for one try, removed with everything in it: jqwik has no per-try {@code @TempDir}. In memory
     * where there is a tmpfs: the queue fsyncs at every file change, which on a busy disk would cost more than the
     * rest of a try, and durability is not what this test looks at.
     */
    private static final class TryDir implements AutoCloseable {
        private static final Path SHM = Path.of("/dev/shm");

        final Path path = Files.isDirectory(SHM) && Files.isWritable(SHM)
                ? Files.createTempDirectory(SHM, "diskqueue-fuzz") : Files.createTempDirectory("diskqueue-fuzz");

        TryDir() throws IOException {
        }

        List<Path> badFiles() throws IOException {
            try (Stream<Path> s = Files.list(path)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".bad")).sorted().toList();
            }
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> s = Files.walk(path)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
