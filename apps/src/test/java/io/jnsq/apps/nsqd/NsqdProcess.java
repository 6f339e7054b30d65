package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** nsqd as a process of its own, so that it can be killed with SIGKILL. */
final class NsqdProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;
    private final Process process;
    private final Path log;
    private final InetSocketAddress address;
    private volatile boolean killed;

    private NsqdProcess(Process process, Path log, InetSocketAddress address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts nsqd on {@code data}, TCP on a free loopback port, no HTTP, with {@code flags} besides. */
    static NsqdProcess start(Path data, Path log, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--tcp-address=127.0.0.1:0", "--http-address=",
                "--data-path=" + data));
        args.addAll(List.of(flags));
        Process process = JavaProcess.start(log,
                // Starts faster and takes less of a small machine's CPU; the disk queue's behaviour is the same.
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                NsqdMain.class, args.toArray(String[]::new));
        try {
            int port = Await.untilNonNull(STARTUP, () -> {
                Integer listening = LogFile.lines(log).stream().map(LISTENING::matcher).filter(Matcher::find)
                        .map(m -> Integer.parseInt(m.group(1))).findFirst().orElse(null);
                if (listening == null && !process.isAlive()) {
                    throw new AssertionError("nsqd exited with status " + process.exitValue() + ": "
                            + LogFile.lines(log));
                }
                return listening;
            }, "nsqd to listen");
            return new NsqdProcess(process, log, new InetSocketAddress("127.0.0.1", port));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    boolean killed() {
        return killed;
    }

    /** SIGKILL: on Linux {@link Process#destroyForcibly()} sends it, as the exit status confirms. */
    void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("nsqd exits after SIGKILL").isTrue();
        assertThat(process.exitValue()).as("exit status: killed by SIGKILL").isEqualTo(SIGKILL_EXIT_STATUS);
    }

    /** The log's warnings and errors: what recovery found. */
    String problems() {
        List<String> lines = LogFile.lines(log).stream()
                .filter(l -> l.contains("WARNING:") || l.contains("ERROR:") || l.contains("FATAL:"))
                .map(l -> l.substring(Math.max(0, l.indexOf(": ") - 7)))
                .toList();
        return lines.isEmpty() ? "no warnings" : String.join("; ", lines);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
