package io.jnsq.apps.nsqtofile;

import static io.jnsq.apps.tools.TestMessages.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nsq_to_file binary as a process: its exit statuses, SIGTERM and SIGHUP. */
@Timeout(90)
class NsqToFileMainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GO_LOG_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private Path log;
    private Path work;
    private Path out;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        log = dir.resolve("nsq_to_file.log");
        work = dir.resolve("work");
        out = dir.resolve("out");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void sigtermAndSigintLoseNothing(String stop) throws Exception {
        Process tool = start("--max-in-flight=200", "--sync-interval=1h");
        try {
            Channel channel = awaitConsumer();
            List<String> bodies = publish(cluster.nsqd(0), "t", "m", 1000);
            Await.until(WAIT, () -> channel.depth() == 0, "every message delivered");

            signal(tool, stop);

            assertThat(tool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tool.exitValue()).as("exit status, output %s", LogFile.lines(log)).isZero();
            assertThat(files(work)).isEmpty();
            assertThat(linesOfAll(out)).containsExactlyInAnyOrderElementsOf(bodies);
            assertThat(channel.depth()).isZero();
            assertThat(channel.inFlightCount()).isZero();
            assertThat(channel.requeueCount()).isZero();
        } finally {
            tool.destroyForcibly();
        }
    }

    @Test
    void sighupSyncsAndClosesTheFileAndTheToolGoesOn() throws Exception {
        Process tool = start("--sync-interval=1h");
        try {
            Channel channel = awaitConsumer();
            List<String> first = publish(cluster.nsqd(0), "t", "a", 2);
            Await.until(WAIT, () -> lines(work.resolve("t-000000.log")).size() == 2, "the first file written");
            // the first is finished as its file opens; the second waits for a sync (an hour, or SIGHUP)
            Await.until(WAIT, () -> channel.inFlightCount() == 1, "the first finished, the second not");

            signal(tool, "HUP");

            Await.until(WAIT, () -> Files.exists(out.resolve("t-000000.log")), "the first file closed and moved");
            Await.until(WAIT, () -> channel.inFlightCount() == 0, "its messages finished");
            assertThat(lines(out.resolve("t-000000.log"))).containsExactlyElementsOf(first);
            assertThat(tool.isAlive()).isTrue();
            List<String> second = publish(cluster.nsqd(0), "t", "b", 1);
            Await.until(WAIT, () -> lines(work.resolve("t-000001.log")).size() == 1, "a file opened again");

            tool.destroy();

            assertThat(tool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tool.exitValue()).as("exit status, output %s", LogFile.lines(log)).isZero();
            assertThat(lines(out.resolve("t-000001.log"))).containsExactlyElementsOf(second);
            assertThat(channel.depth() + channel.inFlightCount()).isZero();
        } finally {
            tool.destroyForcibly();
        }
    }

    @Test
    void versionIsPrintedOnStdoutWithStatusZero() throws Exception {
        assertThat(run("--version")).isZero();
        assertThat(Files.readString(log)).isEqualTo("nsq_to_file v1.3.0\n");
    }

    @Test
    void aRefusedOptionIsGosLogFatalLineWithStatusOne() throws Exception {
        assertThat(run("--topic=t")).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "--nsqd-tcp-address or --lookupd-http-address required\\.");
    }

    @Test
    void argumentsAfterTheFlagsAreRefused() throws Exception {
        assertThat(run("--topic=t", "x", "y")).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "unknown arguments: \\[x y\\]");
    }

    private Process start(String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--topic=t",
                "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0), "--work-dir=" + work,
                "--output-dir=" + out, "--filename-format=<TOPIC><REV>.log"));
        args.addAll(List.of(flags));
        return JavaProcess.start(log, NsqToFileMain.class, args.toArray(String[]::new));
    }

    private int run(String... args) throws Exception {
        return JavaProcess.run(log, Duration.ofSeconds(20), NsqToFileMain.class, args);
    }

    private Channel awaitConsumer() {
        return Await.untilNonNull(WAIT, () -> {
            Topic t = cluster.nsqd(0).broker().existingTopic("t");
            Channel channel = t == null ? null : t.existingChannel("nsq_to_file");
            return channel != null && !channel.clients().isEmpty() ? channel : null;
        }, "nsq_to_file to subscribe");
    }

    private static void signal(Process process, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> linesOfAll(Path directory) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path file : files(directory)) {
            all.addAll(lines(file));
        }
        return all;
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
