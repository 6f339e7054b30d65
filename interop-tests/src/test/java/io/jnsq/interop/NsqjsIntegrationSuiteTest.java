package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nsqjs's own integration suite ({@code test/z_integration_test.js}, as its npm package ships it) against the
 * distribution's {@code bin/nsqd}. The suite starts nsqd from the PATH for every test (with TLS, on ports 4150 and
 * 4151, then 50 further each time) and gives each start 2 s, mocha's default; a Go nsqd passes it. Nothing else may
 * listen on those ports meanwhile.
 */
@Timeout(240)
class NsqjsIntegrationSuiteTest {
    private static final long SUITE_TESTS = 19;

    @TempDir
    Path dir;

    @Test
    void nsqjsIntegrationSuitePassesAgainstBinNsqd() throws Exception {
        Path jsDir = Path.of(System.getProperty("interop.jsDir", "src/test/js")).toAbsolutePath();
        Path nsqjs = jsDir.resolve("node_modules/nsqjs");
        Path bin = Path.of(System.getProperty("jnsq.home", "../distribution/target/jnsq")).toAbsolutePath()
                .resolve("bin");
        assertThat(bin.resolve("nsqd")).as("the distribution is built").isExecutable();
        Path output = dir.resolve("mocha.txt");

        ProcessBuilder mocha = new ProcessBuilder(System.getProperty("interop.node", "node"),
                jsDir.resolve("node_modules/mocha/bin/mocha").toString(), "--reporter", "spec",
                "test/z_integration_test.js")
                .directory(nsqjs.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        mocha.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        mocha.environment().put("TMPDIR", dir.toString()); // the suite's data paths, removed with the test
        Process suite = mocha.start();
        boolean ended = suite.waitFor(200, TimeUnit.SECONDS);
        if (!ended) {
            suite.descendants().forEach(ProcessHandle::destroyForcibly);
            suite.destroyForcibly();
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(ended).as("mocha ended; it printed:%n%s", report).isTrue();
        assertThat(suite.exitValue()).as("mocha's exit status; it printed:%n%s", report).isZero();
        assertThat(report).as(report).contains(SUITE_TESTS + " passing").doesNotContain("failing");
    }
}
