package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.testwire.WireClient;
import io.jnsq.testwire.fuzz.LogWatch;
import io.jnsq.testwire.fuzz.RawExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The nsqd a V2 fuzz test class shares across its tries, on {@code 127.0.0.1:0} with a temp data dir, its errors
 * collected rather than printed. Compression is off so that every answer can be read as plain frames.
 */
final class FuzzNsqd implements AutoCloseable {
    /** How long one connection may take, from connect to close: far more than any answer needs on loopback. */
    static final Duration LIMIT = Duration.ofSeconds(5);

    final NsqdOptions options = new NsqdOptions();
    private final Path dataDir;
    private final Nsqd nsqd;
    private final LogWatch log;

    FuzzNsqd() throws IOException {
        dataDir = Files.createTempDirectory("jnsq-fuzz");
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.httpsAddress = "";
        options.dataPath = dataDir.toString();
        options.snappy = false;
        options.deflate = false;
        nsqd = new Nsqd(options).start();
        log = LogWatch.capture("io.jnsq.nsqd");
    }

    /** Sends the input, ends it, and returns the frames nsqd answered before it closed the connection. */
    V2Answer exchange(byte[] input, List<Integer> cuts) throws IOException {
        RawExchange.Answer answer = RawExchange.exchange(nsqd.tcpAddress(), input,
                cuts.stream().mapToInt(Integer::intValue).toArray(), LIMIT);
        assertThat(answer.closed()).as("nsqd closes the connection once the input ended").isTrue();
        return V2Answer.parse(answer.bytes());
    }

    /**
     * Fails on an error nsqd logged other than a protocol error it answered or an over-long line: anything else
     * is an exception that escaped a decoder, or worse.
     */
    void assertOnlyProtocolErrorsLogged() {
        assertThat(log.takeErrors()).allMatch(e -> e.matches("(?s)io\\.jnsq\\.nsqd\\.tcp\\.ProtocolV2Handler: \\[.*\\] - "
                + "(E_[A-Z_]+( .*)?|failed to read command - line longer than \\d+ bytes)"), "a protocol error");
    }

    /** nsqd still takes a valid PUB on a new connection. */
    void assertStillPublishes() {
        try (WireClient client = WireClient.connect(nsqd.tcpAddress(), LIMIT)) {
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
