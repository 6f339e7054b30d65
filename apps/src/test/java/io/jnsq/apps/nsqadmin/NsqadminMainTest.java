package io.jnsq.apps.nsqadmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.TestHttp;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The nsqadmin binary as a process: it serves until SIGTERM and exits 0; bad options are FATAL, status 1. */
@Timeout(60)
class NsqadminMainTest {
    private static final Pattern LISTENING = Pattern.compile("HTTP: listening on [^:]+:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermThenExitsZero() throws Exception {
        Path log = dir.resolve("nsqadmin.log");
        Process admin = JavaProcess.start(log, NsqadminMain.class, "--http-address=127.0.0.1:0",
                "--lookupd-http-address=127.0.0.1:4161");
        try {
            int port = LogFile.awaitPort(log, LISTENING, "nsqadmin to listen");
            assertThat(TestHttp.get("127.0.0.1:" + port, "/ping").body()).isEqualTo("OK");

            admin.destroy(); // SIGTERM

            assertThat(admin.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.exitValue()).as("exit status, log %s", LogFile.lines(log)).isZero();
            assertThat(LogFile.lines(log)).anyMatch(l -> l.matches("\\[nsqadmin] .* INFO: nsqadmin v1\\.3\\.0 .*"));
        } finally {
            admin.destroyForcibly();
        }
    }

    @Test
    void withoutUpstreamsItIsFatal() throws Exception {
        Path log = dir.resolve("fatal.log");
        Process admin = JavaProcess.start(log, NsqadminMain.class, "--http-address=127.0.0.1:0");
        try {
            assertThat(admin.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.exitValue()).isEqualTo(1);
            assertThat(LogFile.lines(log)).anyMatch(l -> l.matches("\\[nsqadmin] .* FATAL: failed to instantiate"
                    + " nsqadmin - --nsqd-http-address or --lookupd-http-address required"));
        } finally {
            admin.destroyForcibly();
        }
    }

    @Test
    void anUpstreamThatDoesNotResolveIsFatal() throws Exception {
        Path log = dir.resolve("unresolved.log");
        Process admin = JavaProcess.start(log, NsqadminMain.class, "--http-address=127.0.0.1:0",
                "--lookupd-http-address=nosuchhost.invalid:4161");
        try {
            assertThat(admin.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.exitValue()).isEqualTo(1);
            assertThat(LogFile.lines(log)).anyMatch(l -> l.endsWith(" FATAL: failed to instantiate nsqadmin - failed"
                    + " to resolve --lookupd-http-address address (nosuchhost.invalid:4161) - lookup"
                    + " nosuchhost.invalid: no such host"));
        } finally {
            admin.destroyForcibly();
        }
    }
}
