package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.jnsq.protocol.Frames;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 connections at once to an nsqd with a 128 MB heap, in a process of its own (each side needs a file
 * descriptor per connection): nsqd keeps them all, and a publisher and a consumer that come after them are served
 * at once.
 */
class ManyConnectionsTest {
    private static final int CONNECTIONS = 10_000;
    private static final Pattern LISTENING = Pattern.compile("TCP: listening on [^:]+:(\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void tenThousandIdleConnectionsLeaveNsqdServingOthers() throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        assumeThat(os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0L)
                .as("file descriptors this JVM may open (ulimit -n)").isGreaterThan(CONNECTIONS + 1_000L);

        Path log = dir.resolve("nsqd.log");
        Process nsqd = JavaProcess.start(log, List.of("-Xmx128m", "-XX:+UseSerialGC"), NsqdMain.class,
                "--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dir);
        List<Socket> idle = new ArrayList<>(CONNECTIONS);
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                    LogFile.awaitPort(log, LISTENING, "nsqd to listen"));
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = new Socket();
                idle.add(socket);
                socket.connect(address, 5_000);
                socket.getOutputStream().write(Frames.MAGIC_V2);
            }

            Path fds = Path.of("/proc", String.valueOf(nsqd.pid()), "fd");
            if (Files.isDirectory(fds)) {
                Await.until(Duration.ofSeconds(30), () -> openFiles(fds) >= CONNECTIONS,
                        "nsqd to hold every connection");
            }

            try (WireClient publisher = WireClient.connect(address);
                    WireClient consumer = WireClient.connect(address)) {
                consumer.sub("many", "c").expectOk().rdy(1);
                publisher.pub("many", "after 10,000 connections").expectOk();
                assertThat(consumer.readMessage().bodyText()).isEqualTo("after 10,000 connections");
            }
            assertThat(nsqd.isAlive()).as("nsqd alive with %d connections", CONNECTIONS).isTrue();
            assertThat(LogFile.lines(log)).noneMatch(line -> line.contains("OutOfMemoryError")
                    || line.contains("Too many open files"));
        } finally {
            for (Socket socket : idle) {
                closeQuietly(socket);
            }
            nsqd.destroy();
            Await.until(Duration.ofSeconds(30), () -> !nsqd.isAlive(), "nsqd to stop");
            assertThat(nsqd.waitFor(0, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static long openFiles(Path fds) {
        try (Stream<Path> files = Files.list(fds)) {
            return files.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over for this connection
        }
    }
}
