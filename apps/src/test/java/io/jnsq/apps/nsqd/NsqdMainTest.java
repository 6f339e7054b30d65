package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nsqd binary as a process: SIGTERM stops it gracefully, closing clients, with exit status 0; with
 * {@code --sigterm=drain} it first delivers everything it holds.
 */
@Timeout(60)
class NsqdMainTest {
    private static final Pattern LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");

    @TempDir
    Path dataPath;

    private Process start(Path logFile, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--tcp-address=127.0.0.1:0", "--http-address=",
                "--data-path=" + dataPath));
        args.addAll(List.of(flags));
        return JavaProcess.start(logFile, NsqdMain.class, args.toArray(String[]::new));
    }

    private static InetSocketAddress tcpAddress(Path logFile) {
        return new InetSocketAddress("127.0.0.1", LogFile.awaitPort(logFile, LISTENING, "nsqd to listen"));
    }

    @Test
    void sigtermClosesClientsStopsListeningAndExitsZero() throws Exception {
        Path logFile = dataPath.resolve("nsqd.log");
        Process nsqd = start(logFile);
        try {
            InetSocketAddress address = tcpAddress(logFile);
            try (WireClient client = WireClient.connect(address)) {
                client.pub("t", "kept").expectOk();

                nsqd.destroy(); // SIGTERM

                client.assertClosed(Duration.ofSeconds(10));
            }
            assertThat(nsqd.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> log = LogFile.lines(logFile);
            assertThat(nsqd.exitValue()).as("exit status, log %s", log).isZero();
            assertThat(log).anyMatch(l -> l.contains("INFO: NSQ: bye"));
            assertThat(refusesConnections(address)).isTrue();
        } finally {
            nsqd.destroyForcibly();
        }
    }

    @Test
    void withSigtermDrainSigtermDeliversEverythingThenExitsZero() throws Exception {
        Path logFile = dataPath.resolve("nsqd.log");
        Process nsqd = start(logFile, "--sigterm=drain");
        try {
            InetSocketAddress address = tcpAddress(logFile);
            try (WireClient consumer = WireClient.connect(address); WireClient producer = WireClient.connect(address)) {
                consumer.sub("t", "c").expectOk();
                producer.pub("t", "one").expectOk().pub("t", "two").expectOk();

                nsqd.destroy(); // SIGTERM

                LogFile.awaitLine(logFile, "NSQ: draining");
                assertThat(producer.pub("t", "three").readError()).isEqualTo("E_PUB_FAILED PUB failed draining");
                assertThat(nsqd.isAlive()).as("holding two messages").isTrue();
                consumer.rdy(2);
                Message one = consumer.readMessage();
                Message two = consumer.readMessage();
                consumer.fin(one.id());
                assertThat(nsqd.isAlive()).as("holding one message in flight").isTrue();
                consumer.fin(two.id());

                consumer.assertClosed(Duration.ofSeconds(10));
            }
            assertThat(nsqd.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> log = LogFile.lines(logFile);
            assertThat(nsqd.exitValue()).as("exit status, log %s", log).isZero();
            assertThat(log).anyMatch(l -> l.contains("INFO: NSQ: drained"));
            assertThat(log).anyMatch(l -> l.contains("INFO: NSQ: bye"));
        } finally {
            nsqd.destroyForcibly();
        }
    }

    @Test
    void withSigtermDrainSigintStillStopsAtOnce() throws Exception {
        Path logFile = dataPath.resolve("nsqd.log");
        Process nsqd = start(logFile, "--sigterm=drain");
        try {
            InetSocketAddress address = tcpAddress(logFile);
            try (WireClient producer = WireClient.connect(address)) {
                producer.pub("t", "kept on disk").expectOk();
                nsqd.destroy(); // SIGTERM: draining, but nobody consumes
                LogFile.awaitLine(logFile, "NSQ: draining");

                new ProcessBuilder("kill", "-INT", Long.toString(nsqd.pid())).start().waitFor();

                producer.assertClosed(Duration.ofSeconds(10));
            }
            assertThat(nsqd.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(nsqd.exitValue()).isZero();
        } finally {
            nsqd.destroyForcibly();
        }
    }


    private static boolean refusesConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
