package io.jnsq.nsqd;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.WireClient;
import io.jnsq.testwire.fuzz.LogWatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The nsqd a fuzz test class shares across its tries, TCP and HTTP on {@code 127.0.0.1:0} with a temp data dir,
 * its errors collected rather than printed. Compression is off so that every V2 answer can be read as plain
 * frames.
 */
public final class FuzzNsqd implements AutoCloseable {
    /** How long one connection may take, from connect to close: far more than any answer needs on loopback. */
    public static final Duration LIMIT = Duration.ofSeconds(5);

    private final Duration limit;
    private final NsqdOptions options = new NsqdOptions();
    private final Path dataDir;
    private final Nsqd nsqd;
    private final LogWatch log;

    public FuzzNsqd() throws IOException {
        this(LIMIT);
    }

    /**
     * An nsqd whose connections may take up to {@code limit}: more than {@link #LIMIT} where the first tries load
     * classes slowly (Jazzer instruments each as it loads).
     */
    public FuzzNsqd(Duration limit) throws IOException {
        this.limit = limit;
        dataDir = Files.createTempDirectory("jnsq-fuzz");
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.httpsAddress = "";
        options.dataPath = dataDir.toString();
        options.snappy = false;
        options.deflate = false;
        nsqd = new Nsqd(options).start();
        log = LogWatch.capture("io.jnsq.nsqd");
    }

    /** How long one connection may take, from connect to close. */
    public Duration limit() {
        return limit;
    }

    public InetSocketAddress tcpAddress() {
        return nsqd.tcpAddress();
    }

    public InetSocketAddress httpAddress() {
        return nsqd.httpAddress();
    }

    /** The errors nsqd logged since the last call, as "logger: message". */
    public List<String> takeErrors() {
        return log.takeErrors();
    }

    /** nsqd still takes a valid PUB on a new connection. */
    public void assertStillPublishes() {
        try (WireClient client = WireClient.connect(nsqd.tcpAddress(), limit)) {
            client.pub("fz_health", "x").expectOk();
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
        nsqd.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
