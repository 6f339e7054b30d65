package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.WireClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application embedding nsqd with no SLF4J backend at all: nsqd serves, and writes nothing of its own to the
 * application's output (SLF4J itself notes once that it has no provider).
 */
@Timeout(60)
class EmbeddedWithoutLoggingTest {
    @TempDir
    Path dataPath;

    /** The embedding application: starts nsqd, publishes over TCP, stops it. */
    public static void main(String[] args) throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.httpsAddress = "";
        options.dataPath = args[0];
        try (Nsqd nsqd = new Nsqd(options).start(); WireClient client = WireClient.connect(nsqd.tcpAddress())) {
            client.pub("embedded", "hello").expectOk();
            System.out.println("published: " + nsqd.broker().existingTopic("embedded").depth());
        }
    }

    @Test
    void nsqdRunsWithoutALoggingBackend() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback"))
                .collect(Collectors.joining(File.pathSeparator));
        Path output = dataPath.resolve("output.txt");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, EmbeddedWithoutLoggingTest.class.getName(), dataPath.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(app.exitValue()).as(printed).isZero();
        assertThat(printed).contains("published: 1").contains("No SLF4J providers were found")
                .doesNotContain("nsqd v1.3.0").doesNotContain("io.netty");
    }
}
