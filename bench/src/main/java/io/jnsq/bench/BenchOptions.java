package io.jnsq.bench;

import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

/**
 * The flags bench_writer and bench_reader share, with NSQ's defaults. Each flag takes one or two dashes and
 * {@code -x=v} or {@code -x v}, as Go's flag package does.
 */
public final class BenchOptions {
    /** Go's reference layout {@code 2006-01-02 15:04:05}. */
    static final DateTimeFormatter DEADLINE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    @Option(names = {"-runfor", "--runfor"}, paramLabel = "duration", converter = GoDurationConverter.class,
            description = "duration of time to run (default 10s)")
    Duration runfor = Duration.ofSeconds(10);

    @Option(names = {"-nsqd-tcp-address", "--nsqd-tcp-address"}, paramLabel = "string",
            description = "<addr>:<port> to connect to nsqd (default \"127.0.0.1:4150\")")
    String nsqdTcpAddress = "127.0.0.1:4150";

    @Option(names = {"-topic", "--topic"}, paramLabel = "string",
            description = "topic to receive messages on (default \"sub_bench\")")
    String topic = "sub_bench";

    @Option(names = {"-size", "--size"}, paramLabel = "int", description = "size of messages (default 200)")
    int size = 200;

    @Option(names = {"-deadline", "--deadline"}, paramLabel = "string",
            description = "deadline to start the benchmark run (\"2006-01-02 15:04:05\", local time)")
    String deadline = "";

    @Option(names = {"-tls", "--tls"}, arity = "0..1", paramLabel = "bool",
            description = "jnsq: negotiate TLS in IDENTIFY, trusting any server certificate unchecked "
                    + "(fine for a benchmark, never for real traffic)")
    boolean tls;

    @Option(names = {"-snappy", "--snappy"}, arity = "0..1", paramLabel = "bool",
            description = "jnsq: negotiate snappy compression in IDENTIFY (not with -deflate)")
    boolean snappy;

    @Option(names = {"-deflate", "--deflate"}, arity = "0..1", paramLabel = "bool",
            description = "jnsq: negotiate deflate compression in IDENTIFY (not with -snappy)")
    boolean deflate;

    @Option(names = {"-deflate-level", "--deflate-level"}, paramLabel = "int",
            description = "jnsq: deflate level to ask for and to compress with, 1 to 9 (default 6)")
    int deflateLevel = 6;

    @Option(names = {"-client", "--client"}, arity = "0..1", paramLabel = "bool",
            description = "jnsq: move the messages through jnsq-client's Producer or Consumer instead of a raw "
                    + "connection, to measure what the client costs")
    boolean client;

    /** Converts Go duration flags such as {@code 5s} or {@code 1m30s}. */
    static final class GoDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The duration of the run. */
    public Duration runfor() {
        return runfor;
    }

    /** The topic to publish to or subscribe on. */
    public String topic() {
        return topic;
    }

    /** The message size in bytes. */
    public int size() {
        return size;
    }

    /** nsqd's TCP address ({@code host:port} or {@code [v6]:port}), resolved if the name resolves. */
    public InetSocketAddress address() {
        return HostPort.parse(nsqdTcpAddress).dialAddress();
    }

    /** The start time, or {@code null} to start at once. */
    public ZonedDateTime deadline() {
        if (deadline.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(deadline, DEADLINE_FORMAT).atZone(ZoneId.systemDefault());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parsing time \"" + deadline + "\" as \"2006-01-02 15:04:05\": "
                    + e.getMessage(), e);
        }
    }

    /** The client options of the same features, for --client. */
    io.jnsq.client.Config clientConfig() {
        return io.jnsq.client.Config.builder().tlsV1(tls).tlsInsecureSkipVerify(tls).snappy(snappy).deflate(deflate)
                .deflateLevel(deflateLevel).build();
    }

    /** What IDENTIFY negotiates beyond NSQ's tools. */
    Features features() {
        return new Features(tls, snappy, deflate, deflateLevel);
    }

    /** Checks the values no flag type rejects; throws with a message naming the flag. */
    void validate() {
        if (runfor.isNegative()) {
            throw new IllegalArgumentException("-runfor must not be negative: " + GoDuration.format(runfor));
        }
        if (size < 0) {
            throw new IllegalArgumentException("-size must not be negative: " + size);
        }
        if (snappy && deflate) {
            throw new IllegalArgumentException("-snappy and -deflate cannot both be set: nsqd enables one compression");
        }
        if (deflateLevel < 1 || deflateLevel > 9) {
            throw new IllegalArgumentException("-deflate-level must be [1,9]: " + deflateLevel);
        }
        HostPort.parse(nsqdTcpAddress);
        deadline();
    }
}
