package io.jnsq.apps.nsqstat;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The nsq_stat binary as a process: its output, exit statuses and signals. */
@Timeout(60)
class NsqStatMainTest {
    private static final String GO_LOG_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        log = dir.resolve("nsq_stat.log");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void exitsZeroAfterCountRows() throws Exception {
        cluster.nsqd(0).broker().topic("t").channel("c");

        assertThat(run("--topic=t", "--channel=c", "--count=2", "--interval=50ms", nsqd())).isZero();
        String row = "      0       0 |       0       0       0     0     0 |       0       0            0       0\n";
        assertThat(Files.readString(log)).isEqualTo(StatFormat.HEADER + row + row);
    }

    @Test
    void aMissingChannelIsGosLogFatalLineWithStatusOne() throws Exception {
        cluster.nsqd(0).broker().topic("t");

        assertThat(run("--topic=t", "--channel=c", "--count=2", "--interval=50ms", nsqd())).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "ERROR: failed to find channel\\(c\\) in stats metadata for topic\\(t\\)");
    }

    @Test
    void sighupStopsItWithStatusZero() throws Exception {
        cluster.nsqd(0).broker().topic("t").channel("c");
        Process stat = JavaProcess.start(log, NsqStatMain.class, "--topic=t", "--channel=c", "--interval=1h",
                nsqd());
        try {
            LogFile.awaitLine(log, "ingress  egress |   total     mem    disk inflt   def |     req     t-o "
                    + "        msgs clients");

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(stat.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(stat.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stat.exitValue()).as("exit status, output %s", LogFile.lines(log)).isZero();
        } finally {
            stat.destroyForcibly();
        }
    }

    @Test
    void versionIsPrintedOnStdoutWithStatusZero() throws Exception {
        assertThat(run("--version")).isZero();
        assertThat(Files.readString(log)).isEqualTo("nsq_stat v1.3.0\n");
    }

    @Test
    void aRefusedOptionIsGosLogFatalLineWithStatusOne() throws Exception {
        assertThat(run("--topic=t")).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "--topic and --channel are required");
    }

    @Test
    void helpPrintsTheUsageWithStatusZero() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(Files.readString(log)).isEqualTo(NsqStatCommandLine.usage() + "\n");
    }

    private int run(String... args) throws Exception {
        return JavaProcess.run(log, Duration.ofSeconds(20), NsqStatMain.class, args);
    }

    private String nsqd() {
        return "--nsqd-http-address=" + cluster.nsqdHttpAddresses().get(0);
    }
}
