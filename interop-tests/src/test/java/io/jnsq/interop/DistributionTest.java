package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tar.gz as a user gets it: unpacked into an empty directory, its launchers start both daemons. */
@Timeout(120)
class DistributionTest {
    private static final Pattern HTTP_LISTENING = Pattern.compile("HTTP: listening on [^:]+:(\\d+)");

    @TempDir
    Path dir;
    private Path home;

    @BeforeEach
    void unpack() throws Exception {
        Path built = Path.of(System.getProperty("jnsq.home", "../distribution/target/jnsq")).toAbsolutePath();
        Path archive = built.resolveSibling(built.getFileName() + ".tar.gz");
        Path target = Files.createDirectory(dir.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", target.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        home = target.resolve(built.getFileName());
    }

    @Test
    void holdsTheLaunchersUnderNsqsNamesTheExampleConfigsAndTheLicense() {
        for (String launcher : List.of("nsqd", "nsqlookupd", "nsqadmin", "nsq_tail", "to_nsq", "nsq_stat", "nsq_to_nsq",
                "nsq_to_http", "nsq_to_file", "bench_writer", "bench_reader", "bench")) {
            assertThat(home.resolve("bin").resolve(launcher)).isExecutable();
        }
        assertThat(home.resolve("lib/cds-train")).isExecutable();
        assertThat(home.resolve("conf/nsqd.cfg.example")).isRegularFile();
        assertThat(home.resolve("conf/nsqlookupd.cfg.example")).isRegularFile();
        assertThat(home.resolve("conf/nsqadmin.cfg.example")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("MIT License");
        assertThat(home.resolve("README.md")).content().doesNotContain("@project.version@");
        assertThat(home.resolve("lib/cds")).as("archives fit one JVM build: made where unpacked").doesNotExist();
    }

    @Test
    void nsqdStartsServesAndStopsFromTheUnpackedDirectory() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        startServeStop("nsqd", "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--https-address=",
                "--data-path=" + data);
    }

    @Test
    void nsqlookupdStartsServesAndStopsFromTheUnpackedDirectory() throws Exception {
        startServeStop("nsqlookupd", "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0");
    }

    @Test
    void nsqadminStartsServesAndStopsFromTheUnpackedDirectory() throws Exception {
        startServeStop("nsqadmin", "--http-address=127.0.0.1:0", "--lookupd-http-address=127.0.0.1:4161");
    }

    @Test
    void nsqdStartedWithSigintIgnoredStopsOnSigintAsNsqsDoes() throws Exception {
        Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
        assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "this env cannot reset a signal (GNU coreutils 8.31 or later can)");
        Path data = Files.createDirectory(dir.resolve("data"));
        // as `nsqd &` from a script: bash starts background jobs with SIGINT ignored
        startServeStop("nsqd", List.of("bash", "-c", "trap '' INT; exec \"$0\" \"$@\""), "-INT",
                "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--https-address=", "--data-path=" + data);
    }

    private void startServeStop(String daemon, String... flags) throws Exception {
        startServeStop(daemon, List.of(), "-TERM", flags);
    }

    /** Starts the launcher (behind {@code wrapper}, which execs it), checks /ping, stops it with {@code signal}. */
    private void startServeStop(String daemon, List<String> wrapper, String signal, String... flags)
            throws Exception {
        Path log = dir.resolve(daemon + ".log");
        List<String> command = new ArrayList<>(wrapper);
        command.add(home.resolve("bin").resolve(daemon).toString());
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            int port = LogFile.awaitPort(log, HTTP_LISTENING, daemon + " to listen");

            assertThat(TestHttp.get("127.0.0.1:" + port, "/ping").body()).isEqualTo("OK");

            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped by SIG%s", signal.substring(1)).isTrue();
            assertThat(process.exitValue()).as("exit status, log %s", LogFile.lines(log)).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

}
