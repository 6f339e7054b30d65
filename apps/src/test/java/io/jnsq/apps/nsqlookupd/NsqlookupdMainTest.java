package io.jnsq.apps.nsqlookupd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.LookupWireClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The nsqlookupd binary as a process: it serves until SIGTERM and exits 0; a listen failure is FATAL, status 1. */
@Timeout(60)
class NsqlookupdMainTest {
    private static final Pattern LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");

    @TempDir
    Path dir;

    private Process start(Path log, String... args) throws IOException {
        return JavaProcess.start(log, NsqlookupdMain.class, args);
    }

    @Test
    void servesUntilSigtermThenExitsZero() throws Exception {
        Path log = dir.resolve("nsqlookupd.log");
        Process lookupd = start(log, "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0");
        try {
            int port = LogFile.awaitPort(log, LISTENING, "nsqlookupd to listen");
            try (LookupWireClient client = LookupWireClient.connect(new InetSocketAddress("127.0.0.1", port))) {
                client.send("PING\n").expectOk();

                lookupd.destroy(); // SIGTERM

                client.assertClosed(Duration.ofSeconds(10));
            }
            assertThat(lookupd.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(lookupd.exitValue()).as("exit status, log %s", LogFile.lines(log)).isZero();
            assertThat(LogFile.lines(log)).anyMatch(l -> l.matches("\\[nsqlookupd] .* INFO: nsqlookupd v1\\.3\\.0 .*"));
        } finally {
            lookupd.destroyForcibly();
        }
    }

    @Test
    void aListenFailureIsFatal() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path log = dir.resolve("fatal.log");
            Process lookupd = start(log, "--tcp-address=127.0.0.1:" + taken.getLocalPort(),
                    "--http-address=127.0.0.1:0", "--log-prefix=[other] ");
            try {
                assertThat(lookupd.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(lookupd.exitValue()).isEqualTo(1);
                assertThat(LogFile.lines(log)).anyMatch(l -> l.matches(
                        "\\[nsqlookupd] .* FATAL: failed to instantiate nsqlookupd - listen .*"));
            } finally {
                lookupd.destroyForcibly();
            }
        }
    }

}
