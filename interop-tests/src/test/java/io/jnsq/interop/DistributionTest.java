package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.TestHttp;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

/** The tar.gz as a user gets it: unpacked into an empty directory, its launchers start the daemons and the tools. */
@Timeout(120)
class DistributionTest {
    private static final Pattern HTTP_LISTENING = Pattern.compile("HTTP: listening on [^:]+:(\\d+)");
    private static final Pattern TCP_LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");

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

    @Test
    void theToolsRunFromTheUnpackedDirectoryAndCarryMessages() throws Exception {
        for (String tool : List.of("nsq_tail", "nsq_stat", "nsq_to_nsq", "nsq_to_http", "nsq_to_file")) {
            assertThat(run(tool, "", "--version").stdout).as(tool).isEqualTo(tool + " v1.3.0\n");
        }
        // NSQ's to_nsq has no --version; Go's flag package prints the usage on stderr
        assertThat(run("to_nsq", "", "--help").stderr).startsWith("Usage of to_nsq:");

        Path data = Files.createDirectory(dir.resolve("data"));
        Path log = dir.resolve("nsqd.log");
        Process nsqd = new ProcessBuilder(home.resolve("bin/nsqd").toString(), "--tcp-address=127.0.0.1:0",
                "--http-address=127.0.0.1:0", "--https-address=", "--data-path=" + data).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String tcp = "--nsqd-tcp-address=127.0.0.1:" + LogFile.awaitPort(log, TCP_LISTENING, "nsqd to listen");

            assertThat(run("to_nsq", "one\ntwo\n", "--topic=t", tcp).stdout).isEmpty();
            assertThat(run("nsq_tail", "", "--topic=t", "--channel=c", "--n=2", tcp).stdout).isEqualTo("one\ntwo\n");
        } finally {
            nsqd.destroy();
            assertThat(nsqd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void benchWarmsUpOnATopicOfItsOwnThenMeasuresEveryChannel() throws Exception {
        Output output = run("bench", "", "--runfor=500ms", "--warmup=500ms", "--channels=2");

        assertThat(output.stdout.lines()).as(output.stderr).hasSize(4);
        assertThat(output.stdout).startsWith("publish: duration: ").contains("\nconsume ch: duration: ",
                "\nconsume ch2: duration: ", "\nconsume (2 channels, summed): ");
        assertThat(output.stderr).contains("warm-up publish: duration: ", "--topic=bench_warmup",
                "warm-up consume (2 channels, summed): ");

        Process refused = new ProcessBuilder(home.resolve("bin/bench").toString(), "--warmup=5").start();
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(1);
        assertThat(new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("bench: --warmup must be a Go duration, e.g. 5s\n");
    }

    /** What a launcher wrote. */
    private record Output(String stdout, String stderr) {
    }

    /** Runs a launcher of the unpacked directory to its end with {@code stdin}; what it wrote, once it exited 0. */
    private Output run(String launcher, String stdin, String... flags) throws Exception {
        Path stdout = dir.resolve(launcher + ".out");
        Path stderr = dir.resolve(launcher + ".err");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(launcher).toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(launcher + " to end").isTrue();
            Output output = new Output(Files.readString(stdout), Files.readString(stderr));
            assertThat(process.exitValue()).as("%s's exit status, output %s", launcher, output).isZero();
            return output;
        } finally {
            process.destroyForcibly();
        }
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
