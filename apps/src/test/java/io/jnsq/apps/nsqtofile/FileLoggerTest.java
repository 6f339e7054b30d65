package io.jnsq.apps.nsqtofile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.log.AppLog;
import io.jnsq.testwire.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One topic's file as nsq_to_file's router drives it: opened, written, synced, rotated, closed and moved. */
@Timeout(30)
class FileLoggerTest {
    @TempDir
    Path dir;

    @Test
    void writesEachBodyOnALineAndAppendsToTheFileOfTheSameName() throws Exception {
        FileLogger file = logger("--filename-format=<TOPIC><REV>.log");
        writeAll(file, "a", "b");
        file.close();
        writeAll(file, "c");
        file.close();

        assertThat(Files.readString(dir.resolve("t.log"))).isEqualTo("a\nb\nc\n");
    }

    @Test
    void whatIsWrittenShowsOnFlushBeforeAnySync() throws Exception {
        FileLogger file = logger("--filename-format=<TOPIC>.log");
        file.openNext();
        file.write("a".getBytes(UTF_8));
        file.flush();

        assertThat(Files.readString(dir.resolve("t.log"))).isEqualTo("a\n");
    }

    @Test
    void gzipOutputIsOneMemberPerSyncReadAsOneStream() throws Exception {
        FileLogger file = logger("--gzip", "--filename-format=<TOPIC><REV>.log");
        writeAll(file, "a", "b");
        file.sync();
        writeAll(file, "c");
        file.sync();
        writeAll(file, "d");
        file.close();

        byte[] bytes = Files.readAllBytes(dir.resolve("t-000000.log.gz"));
        assertThat(gunzip(bytes)).isEqualTo("a\nb\nc\nd\n");
        assertThat(gzipMembers(bytes)).isEqualTo(3);
    }

    @Test
    void gzipLevelIsTheDeflaterLevel() throws Exception {
        String[] lines = new Random(7).ints(20_000, 0, 1000).mapToObj(i -> "line " + i + " of many")
                .toArray(String[]::new);
        long fastest = gzippedSize("1", lines);
        long smallest = gzippedSize("9", lines);

        assertThat(smallest).isLessThan(fastest);
    }

    @Test
    void rotatesPastTheSizeWithANewRevision() throws Exception {
        FileLogger file = logger("--rotate-size=10", "--filename-format=<TOPIC><REV>.log");
        writeAll(file, "1234567", "1234567", "1234567");
        file.close();

        assertThat(Files.readString(dir.resolve("t-000000.log"))).isEqualTo("1234567\n1234567\n");
        assertThat(Files.readString(dir.resolve("t-000001.log"))).isEqualTo("1234567\n");
    }

    @Test
    void rotatesOnceTheIntervalHasPassedAndNeverReopensAFile() throws Exception {
        Files.writeString(dir.resolve("t-000000.log"), "earlier\n");
        FileLogger file = logger("--rotate-interval=50ms", "--filename-format=<TOPIC><REV>.log");
        writeAll(file, "a");
        Await.until(Duration.ofSeconds(5), file::needsRotation, "the interval to pass");
        file.openNext();
        file.write("b".getBytes(UTF_8));
        file.close();

        assertThat(Files.readString(dir.resolve("t-000000.log"))).isEqualTo("earlier\n");
        assertThat(Files.readString(dir.resolve("t-000001.log"))).isEqualTo("a\n");
        assertThat(Files.readString(dir.resolve("t-000002.log"))).isEqualTo("b\n");
    }

    @Test
    void aFinishedFileMovesFromTheWorkDirWithoutOverwriting() throws Exception {
        Path work = dir.resolve("work");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("t-000000.log"), "taken before\n");
        FileLogger file = logger("--work-dir=" + work, "--output-dir=" + out, "--filename-format=<TOPIC><REV>.log");

        writeAll(file, "a");
        assertThat(work.resolve("t-000001.log")).as("a revision free in the output dir").exists();
        Files.writeString(out.resolve("t-000001.log"), "taken meanwhile\n");
        file.close();

        assertThat(files(work)).isEmpty();
        assertThat(Files.readString(out.resolve("t-000000.log"))).isEqualTo("taken before\n");
        assertThat(Files.readString(out.resolve("t-000001.log"))).isEqualTo("taken meanwhile\n");
        assertThat(Files.readString(out.resolve("t-000002.log"))).isEqualTo("a\n");
    }

    @Test
    void makesTheDirectoriesTheNameHolds() throws Exception {
        FileLogger file = logger("--filename-format=<TOPIC>/sub/<TOPIC>.log");
        writeAll(file, "a");
        file.close();

        assertThat(Files.readString(dir.resolve("t/sub/t.log"))).isEqualTo("a\n");
    }

    /** Writes each line as the router does: another file first when one is due. */
    private static void writeAll(FileLogger file, String... bodies) throws IOException {
        for (String body : bodies) {
            if (file.needsRotation()) {
                file.openNext();
            }
            file.write(body.getBytes(UTF_8));
        }
    }

    private long gzippedSize(String level, String[] lines) throws Exception {
        Path levelDir = Files.createDirectories(dir.resolve(level));
        FileLogger file = logger("--gzip", "--gzip-level=" + level, "--output-dir=" + levelDir,
                "--filename-format=<TOPIC><REV>.log");
        writeAll(file, lines);
        file.close();
        byte[] bytes = Files.readAllBytes(levelDir.resolve("t-000000.log.gz"));
        assertThat(gunzip(bytes).lines()).hasSize(lines.length);
        return bytes.length;
    }

    private FileLogger logger(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic=t", "--nsqd-tcp-address=127.0.0.1:4150",
                "--output-dir=" + dir));
        args.addAll(List.of(flags));
        NsqToFileOptions options = NsqToFileCommandLine.parse(args.toArray(String[]::new));
        return new FileLogger(options, new FileNames(options, "t", "vm", 1), new AppLog("", "error"), "[t/c]");
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    /** Gzip headers (magic, deflate): one per member, none of them a coincidence in so little data. */
    private static int gzipMembers(byte[] bytes) {
        int members = 0;
        for (int i = 0; i + 2 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0x1f && (bytes[i + 1] & 0xff) == 0x8b && bytes[i + 2] == 8) {
                members++;
            }
        }
        return members;
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
