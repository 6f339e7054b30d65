package io.jnsq.apps.nsqtail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nsq_tail binary as a process: its exit statuses, signals, and a stdout whose reader goes away. */
@Timeout(60)
class NsqTailMainTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GO_LOG_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        log = dir.resolve("nsq_tail.log");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void sigtermAndSigintStopTheConsumerAndExitZero(String signal) throws Exception {
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Process tail = JavaProcess.start(log, NsqTailMain.class, "--topic=t", nsqd());
        try {
            Channel channel = awaitConsumer(topic);
            for (int i = 0; i < 3; i++) {
                topic.publish(("m" + i).getBytes(UTF_8));
            }
            LogFile.awaitLine(log, "m2");

            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(tail.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(tail.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = LogFile.lines(log);
            assertThat(tail.exitValue()).as("exit status, output %s", lines).isZero();
            Await.until(WAIT, () -> topic.existingChannel(channel.name()) == null,
                    "the ephemeral channel to go with its consumer");
            assertThat(lines).filteredOn(line -> line.matches("m\\d")).containsExactly("m0", "m1", "m2");
            assertThat(lines).anyMatch(line -> line.matches(GO_LOG_TIME + "Adding consumer for topic: t"));
        } finally {
            tail.destroyForcibly();
        }
    }

    @Test
    void versionIsPrintedOnStdoutWithStatusZero() throws Exception {
        assertThat(run("--version")).isZero();
        assertThat(Files.readString(log)).isEqualTo("nsq_tail v1.3.0\n");
    }

    @Test
    void aRefusedOptionIsGosLogFatalLineWithStatusOne() throws Exception {
        assertThat(run("--topic=t")).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "--nsqd-tcp-address or --lookupd-http-address required");
    }

    @Test
    void aBadFlagPrintsTheUsageWithStatusTwo() throws Exception {
        assertThat(run("--topic=t", nsqd(), "--consumer-opt=bogus,1")).isEqualTo(2);
        assertThat(LogFile.lines(log)).startsWith(
                "invalid value \"bogus,1\" for flag -consumer-opt: invalid option bogus", "Usage of nsq_tail:");
    }

    @Test
    void helpPrintsTheUsageWithStatusZero() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(Files.readString(log)).isEqualTo(NsqTailCommandLine.usage() + "\n");
    }

    @Test
    void aStdoutWhoseReaderWentAwayEndsItAsSigpipeWould() throws Exception {
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Process tail = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NsqTailMain.class.getName(), "--topic=t", nsqd())
                .redirectError(log.toFile()).start();
        try {
            awaitConsumer(topic);
            topic.publish("first".getBytes(UTF_8));
            BufferedReader stdout = new BufferedReader(new InputStreamReader(tail.getInputStream(), UTF_8));
            assertThat(stdout.readLine()).isEqualTo("first"); // written out at once, not when a buffer fills

            stdout.close(); // as head(1) does once it has its lines
            topic.publish("second".getBytes(UTF_8));

            assertThat(tail.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(tail.exitValue()).as("exit status, stderr %s", LogFile.lines(log))
                    .isEqualTo(NsqTail.BROKEN_PIPE_STATUS);
        } finally {
            tail.destroyForcibly();
        }
    }

    private int run(String... args) throws Exception {
        return JavaProcess.run(log, Duration.ofSeconds(20), NsqTailMain.class, args);
    }

    private String nsqd() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    private static Channel awaitConsumer(Topic topic) {
        return Await.untilNonNull(WAIT, () -> topic.channels().stream()
                .filter(channel -> !channel.clients().isEmpty()).findFirst().orElse(null), "nsq_tail to subscribe");
    }
}
