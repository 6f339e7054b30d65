package io.jnsq.apps.tonsq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The to_nsq binary as a process, stdin a pipe: the end of the input, SIGTERM, a failed publish. */
@Timeout(60)
class ToNsqMainTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        log = dir.resolve("to_nsq.log");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theEndOfTheInputPublishesTheLastRecordAndExitsZero() throws Exception {
        Channel channel = cluster.nsqd(0).broker().topic("t").channel("c");
        Process toNsq = JavaProcess.start(log, ToNsqMain.class, "--topic=t", nsqd());
        try (OutputStream stdin = toNsq.getOutputStream()) {
            stdin.write("line1\nline2\n\nline3".getBytes(UTF_8));
        }
        try {
            assertThat(toNsq.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(toNsq.exitValue()).as("exit status, output %s", LogFile.lines(log)).isZero();
            assertThat(channel.depth()).isEqualTo(3);
        } finally {
            toNsq.destroyForcibly();
        }
    }

    @Test
    void sigtermWhileWaitingForInputExitsZero() throws Exception {
        Channel channel = cluster.nsqd(0).broker().topic("t").channel("c");
        Process toNsq = JavaProcess.start(log, ToNsqMain.class, "--topic=t", nsqd());
        try {
            OutputStream stdin = toNsq.getOutputStream();
            stdin.write("one\n".getBytes(UTF_8));
            stdin.flush();
            Await.until(WAIT, () -> channel.depth() == 1, "the first record to be published");

            toNsq.destroy(); // SIGTERM, stdin still open

            assertThat(toNsq.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(toNsq.exitValue()).as("exit status, output %s", LogFile.lines(log)).isZero();
        } finally {
            toNsq.destroyForcibly();
        }
    }

    @Test
    void aFailedPublishIsGosLogFatalLineWithStatusOne() throws Exception {
        Process toNsq = JavaProcess.start(log, ToNsqMain.class, "--topic=bad!", nsqd());
        try (OutputStream stdin = toNsq.getOutputStream()) {
            stdin.write("one\n".getBytes(UTF_8));
        }
        try {
            assertThat(toNsq.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = LogFile.lines(log);
            assertThat(toNsq.exitValue()).as("exit status, output %s", lines).isEqualTo(1);
            // the client's own warning about the connection nsqd closed may come before or after it
            assertThat(lines).anyMatch(line -> line.matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} "
                    + "PUB: E_BAD_TOPIC PUB topic name \"bad!\" is not valid"));
        } finally {
            toNsq.destroyForcibly();
        }
    }

    private String nsqd() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }
}
