package io.jnsq.apps.tohttp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The nsq_to_http binary as a process: its exit statuses, signals and timing lines. */
@Timeout(60)
class ToHttpMainTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GO_LOG_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path dir;

    private NsqCluster cluster;
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private Path log;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        log = dir.resolve("nsq_to_http.log");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        cluster.close();
    }

    @Test
    void sigtermStopsTheConsumerAndExitsZero() throws Exception {
        Topic topic = cluster.nsqd(0).broker().topic("t");
        Process process = JavaProcess.start(log, ToHttpMain.class, "--topic=t", nsqd(), "--status-every=2",
                "--post=http://127.0.0.1:" + server.getAddress().getPort() + "/");
        try {
            // a tool that could not subscribe exits: its output says why
            Await.until(WAIT, () -> !process.isAlive()
                    || topic.channels().stream().anyMatch(c -> !c.clients().isEmpty()), "nsq_to_http to subscribe");
            assertThat(process.isAlive()).as("nsq_to_http running, output %s", LogFile.lines(log)).isTrue();
            for (int i = 0; i < 3; i++) {
                topic.publish(("m" + i).getBytes(UTF_8));
            }
            Await.until(WAIT, () -> bodies.size() == 3, "3 messages posted");

            process.destroy(); // SIGTERM

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = LogFile.lines(log);
            assertThat(process.exitValue()).as("exit status, output %s", lines).isZero();
            assertThat(bodies).containsExactlyInAnyOrder("m0", "m1", "m2");
            assertThat(lines).anyMatch(line -> line.matches(GO_LOG_TIME
                    + "Warning: use more than 100 status values for accurate percentiles \\(configured with 2\\)"));
            assertThat(lines).anyMatch(line -> line.matches(GO_LOG_TIME
                    + "\\[aggregate\\]: finished 2 - 99th: \\d+\\.\\d\\dms - 95th: \\d+\\.\\d\\dms - avg: \\d+\\.\\d\\dms"));
            assertThat(cluster.nsqd(0).broker().topic("t").channel("nsq_to_http").clients()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void versionIsPrintedOnStdoutWithStatusZero() throws Exception {
        assertThat(run("--version")).isZero();
        assertThat(Files.readString(log)).isEqualTo("nsq_to_http v1.3.0\n");
    }

    @Test
    void aRefusedOptionIsGosLogFatalLineWithStatusOne() throws Exception {
        assertThat(run("--topic=t", nsqd(), "--post=http://127.0.0.1:1/", "--header=X-Test=yes")).isEqualTo(1);
        assertThat(LogFile.lines(log)).singleElement().asString()
                .matches(GO_LOG_TIME + "--header value format should be 'key=value'");
    }

    @Test
    void aBadFlagPrintsTheUsageWithStatusTwo() throws Exception {
        assertThat(run("--topic=t", "--sample=x")).isEqualTo(2);
        assertThat(LogFile.lines(log)).startsWith("invalid value \"x\" for flag -sample: parse error",
                "Usage of nsq_to_http:");
    }

    private int run(String... args) throws Exception {
        return JavaProcess.run(log, Duration.ofSeconds(20), ToHttpMain.class, args);
    }

    private String nsqd() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }
}
