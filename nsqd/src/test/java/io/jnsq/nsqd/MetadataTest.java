package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nsqd.dat: written in NSQ's exact JSON on every change, read back at start; the data path is locked. */
@Timeout(30)
class MetadataTest {
    @TempDir
    Path dataPath;
    private Nsqd nsqd;

    @AfterEach
    void stop() {
        if (nsqd != null) {
            nsqd.close();
        }
    }

    private final NsqdOptions options = new NsqdOptions();

    private Nsqd start() throws IOException {
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.dataPath = dataPath.toString();
        return new Nsqd(options).start();
    }

    private String file() throws IOException {
        return Files.readString(dataPath.resolve("nsqd.dat"), StandardCharsets.UTF_8);
    }

    /** nsqd.dat is rewritten on the sync thread, as NSQ's in a goroutine: it says {@code expected} soon after. */
    private void awaitFile(String expected) {
        Await.until(Duration.ofSeconds(5), () -> expected.equals(readQuietly()), "nsqd.dat to be " + expected);
    }

    private String readQuietly() {
        try {
            return file();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void tempFilesLeftByACrashAreRemovedAtStart() throws IOException {
        for (String leftover : new String[] {"nsqd.dat.123.tmp", "t:c.diskqueue.meta.dat.4611686018427387903.tmp",
                "t.diskqueue.deferred.dat.7.tmp"}) {
            Files.writeString(dataPath.resolve(leftover), "");
        }
        Files.writeString(dataPath.resolve("notes.1.tmp"), "not ours");
        nsqd = start();
        awaitFileWritten(); // written just after the start: no temp file of its own is left once it is there
        try (var files = Files.list(dataPath)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .containsExactly("notes.1.tmp");
        }
    }

    @Test
    void anEmptyNsqdWritesNullTopics() throws IOException {
        nsqd = start();
        awaitFile("{\"topics\":null,\"version\":\"1.3.0\"}");
    }

    /** nsqd.dat is rewritten on the sync thread just after the start. */
    private void awaitFileWritten() {
        Await.until(Duration.ofSeconds(5), () -> Files.exists(dataPath.resolve("nsqd.dat")), "nsqd.dat to be written");
    }

    @Test
    void everyChangeIsWrittenInNsqsFormatWithoutEphemerals() throws IOException {
        nsqd = start();
        Topic topic = nsqd.broker().topic("ptopic");
        awaitFile(
                "{\"topics\":[{\"name\":\"ptopic\",\"paused\":false,\"channels\":null}],\"version\":\"1.3.0\"}");

        topic.channel("pch");
        topic.channel("pch2").pause();
        topic.channel("eph#ephemeral");
        nsqd.broker().topic("gone#ephemeral").channel("c");

        awaitFile("{\"topics\":[{\"name\":\"ptopic\",\"paused\":false,\"channels\":["
                + "{\"name\":\"pch\",\"paused\":false},{\"name\":\"pch2\",\"paused\":true}]}],\"version\":\"1.3.0\"}");

        topic.pause();
        topic.deleteChannel("pch");
        awaitFile("{\"topics\":[{\"name\":\"ptopic\",\"paused\":true,\"channels\":["
                + "{\"name\":\"pch2\",\"paused\":true}]}],\"version\":\"1.3.0\"}");

        nsqd.broker().deleteTopic("ptopic");
        awaitFile("{\"topics\":null,\"version\":\"1.3.0\"}");
        // writes still under way have a temp file of their own; none is left once they are done
        Await.until(Duration.ofSeconds(5), () -> {
            try (var files = Files.list(dataPath)) {
                return files.map(p -> p.getFileName().toString()).noneMatch(name -> name.endsWith(".tmp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "no temp file left");
    }

    @Test
    void aRestartBringsBackTopicsChannelsAndPausedFlags() throws IOException {
        nsqd = start();
        nsqd.broker().topic("a").channel("c1");
        nsqd.broker().topic("a").channel("c2").pause();
        nsqd.broker().topic("b").pause();
        nsqd.close();

        nsqd = start();

        assertThat(nsqd.broker().topics()).extracting(Topic::name).containsExactly("a", "b");
        assertThat(nsqd.broker().existingTopic("a").channels()).extracting(Channel::name).containsExactly("c1", "c2");
        assertThat(nsqd.broker().existingTopic("a").existingChannel("c1").isPaused()).isFalse();
        assertThat(nsqd.broker().existingTopic("a").existingChannel("c2").isPaused()).isTrue();
        assertThat(nsqd.broker().existingTopic("a").isPaused()).isFalse();
        assertThat(nsqd.broker().existingTopic("b").isPaused()).isTrue();
    }

    /** Cut at its start, inside a name, halfway and before its last byte; and overwritten with garbage. */
    @ParameterizedTest
    @ValueSource(strings = {"cut:0", "cut:12", "cut:half", "cut:last", "garbage"})
    void aDamagedFileIsKeptAsBadAndTopicsAndChannelsComeBackFromTheirQueueFiles(String damage) throws Exception {
        options.memQueueSize = 0;
        nsqd = start();
        nsqd.broker().topic("a").channel("c1");
        nsqd.broker().topic("a").channel("c2").pause();
        nsqd.broker().topic("b");
        nsqd.broker().topic("a").publish("kept".getBytes(StandardCharsets.UTF_8));
        nsqd.close();
        Path file = dataPath.resolve("nsqd.dat");
        byte[] whole = Files.readAllBytes(file);
        byte[] damaged = switch (damage) {
            case "garbage" -> "\u0000\u0001{[\"".getBytes(StandardCharsets.ISO_8859_1);
            case "cut:half" -> Arrays.copyOf(whole, whole.length / 2);
            case "cut:last" -> Arrays.copyOf(whole, whole.length - 1);
            default -> Arrays.copyOf(whole, Integer.parseInt(damage.substring(4)));
        };
        Files.write(file, damaged);

        nsqd = start();

        assertThat(nsqd.broker().topics()).extracting(Topic::name).containsExactly("a", "b");
        assertThat(nsqd.broker().existingTopic("a").channels()).extracting(Channel::name).containsExactly("c1", "c2");
        assertThat(nsqd.broker().existingTopic("a").existingChannel("c1").depth()).isEqualTo(1);
        assertThat(nsqd.broker().existingTopic("a").existingChannel("c2").depth()).isEqualTo(1);
        assertThat(Files.readAllBytes(dataPath.resolve("nsqd.dat.bad"))).isEqualTo(damaged);
        Await.until(Duration.ofSeconds(5), () -> Files.exists(file), "nsqd.dat rewritten");
        Await.until(Duration.ofSeconds(5), () -> String.valueOf(readQuietly()).contains("\"name\":\"c2\""),
                "nsqd.dat to name c2");
    }

    @Test
    void readsAFileWrittenByNsqAndSkipsInvalidNames() throws IOException {
        Files.writeString(dataPath.resolve("nsqd.dat"), "{\"topics\":[{\"name\":\"ptopic\",\"paused\":false,"
                + "\"channels\":[{\"name\":\"pch\",\"paused\":false},{\"name\":\"bad channel\",\"paused\":false}]},"
                + "{\"name\":\"bad!topic\",\"paused\":false,\"channels\":null}],\"version\":\"1.3.0\"}");

        nsqd = start();

        assertThat(nsqd.broker().topics()).extracting(Topic::name).containsExactly("ptopic");
        assertThat(nsqd.broker().existingTopic("ptopic").channels()).extracting(Channel::name).containsExactly("pch");
    }

    @Test
    void aSecondNsqdOnTheSameDataPathIsRefused() throws IOException {
        nsqd = start();
        assertThatThrownBy(this::start).hasMessage("failed to lock data-path: cannot flock directory " + dataPath
                + " - resource temporarily unavailable (possibly in use by another instance of nsqd)");
    }

    @Test
    void aMissingDataPathIsRefused() {
        Path missing = dataPath.resolve("missing");
        assertThatThrownBy(() -> startOn(missing))
                .hasMessage("failed to lock data-path: open " + missing + ": no such file or directory");
    }

    @Test
    void aFileAsDataPathIsRefusedAsNotADirectory() throws IOException {
        Path file = Files.writeString(dataPath.resolve("a-file"), "");
        assertThatThrownBy(() -> startOn(file))
                .hasMessage("failed to lock data-path: open " + file + ": not a directory");
    }

    @Test
    void aDataPathNsqdMayNotWriteToIsRefusedSayingWhy() throws IOException {
        Path readOnly = Files.createDirectory(dataPath.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeThat(Files.isWritable(readOnly)).as("running as a user that ignores permissions (root)").isFalse();

        assertThatThrownBy(() -> startOn(readOnly)).hasMessage("failed to lock data-path: open " + readOnly
                + "/.nsqd.lock: permission denied");
    }

    private Nsqd startOn(Path path) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.dataPath = path.toString();
        return new Nsqd(options).start();
    }
}
