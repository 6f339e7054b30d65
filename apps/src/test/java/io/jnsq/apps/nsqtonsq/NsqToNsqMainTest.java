package io.jnsq.apps.nsqtonsq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
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

/** The nsq_to_nsq binary as a process: its exit statuses, signals, and its status log. */
@Timeout(60)
class NsqToNsqMainTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GO_LOG_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        log = dir.resolve("nsq_to_nsq.log");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void sigtermStopsTheConsumerAndExitsZeroAfterLoggingStatus() throws Exception {
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Channel copied = cluster.nsqd(1).broker().topic("t").channel("c");
        Process tool = JavaProcess.start(log, NsqToNsqMain.class, "--topic=t", source(), dest(),
                "--status-every=3");
        try {
            Channel consumed = Await.untilNonNull(WAIT, () -> {
                Channel channel = topic.existingChannel("nsq_to_nsq");
                return channel != null && !channel.clients().isEmpty() ? channel : null;
            }, "nsq_to_nsq to subscribe");
            // as bitly's timer_metrics: the first line once the ring of 3 has come round, at the 4th
            for (int i = 0; i < 4; i++) {
                topic.publish(("m" + i).getBytes(UTF_8));
            }
            Await.until(WAIT, () -> copied.messageCount() == 4, "the messages copied");
            LogFile.awaitLine(log, "finished 3 - 99th");

            tool.destroy(); // SIGTERM

            assertThat(tool.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = LogFile.lines(log);
            assertThat(tool.exitValue()).as("exit status, output %s", lines).isZero();
            assertThat(consumed.depth() + consumed.inFlightCount()).isZero();
            assertThat(lines).anyMatch(line -> line.matches(GO_LOG_TIME
                    + "\\[aggregate\\]: finished 3 - 99th: \\d+\\.\\d\\dms - 95th: \\d+\\.\\d\\dms"
                    + " - avg: \\d+\\.\\d\\dms"));
        } finally {
            tool.destroyForcibly();
        }
    }

    @Test
    void versionIsPrintedOnStdoutWithStatusZero() throws Exception {
        assertThat(run("--version")).isZero();
        assertThat(Files.readString(log)).isEqualTo("nsq_to_nsq v1.3.0\n");
    }

    @Test
    void aRefusedOptionIsGosLogFatalLineWithStatusOne() throws Exception {
        assertThat(run("--topic=t", source())).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "--destination-nsqd-tcp-address required");
    }

    private int run(String... args) throws Exception {
        return JavaProcess.run(log, Duration.ofSeconds(20), NsqToNsqMain.class, args);
    }

    private String source() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    private String dest() {
        return "--destination-nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(1);
    }
}
