package io.jnsq.apps.tohttp;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.apps.tohttp.ToHttpOptions.Mode;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import io.jnsq.protocol.GoFloat;
import io.jnsq.protocol.GoStrconv;
import java.util.List;

/** nsq_to_http's command line, as NSQ's {@code apps/nsq_to_http} declares and checks it. */
public final class ToHttpCommandLine {
    static final String APP = "nsq_to_http";
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    /**
     * Go's {@code flag.Float64}: read by {@code strconv.ParseFloat}, refused with Go's flag package reason ({@code
     * parse error}, {@code value out of range}); the default shown as {@code %v} prints it, unless zero.
     */
    static final FlagType<Double> FLOAT64 = new FlagType<>("float", true, ToHttpCommandLine::parseFloat,
            value -> value == 0 ? null : GoFloat.value(value), String::valueOf, value -> value);

    private static final Flag<ToHttpOptions, Boolean> VERSION = ToolFlags.version(o -> o.version,
            (o, v) -> o.version = v);

    /** Every flag of NSQ's nsq_to_http. */
    public static final List<Flag<ToHttpOptions, ?>> FLAGS = List.of(VERSION,
            Flag.of("topic", ToolFlags.STRING, o -> o.topic, (o, v) -> o.topic = v, "nsq topic"),
            Flag.of("channel", ToolFlags.STRING, o -> o.channel, (o, v) -> o.channel = v, "nsq channel"),
            Flag.of("max-in-flight", FlagType.INT, o -> o.maxInFlight, (o, v) -> o.maxInFlight = v,
                    "max number of messages to allow in flight"),
            Flag.of("n", FlagType.INT, o -> o.publishers, (o, v) -> o.publishers = v,
                    "number of concurrent publishers"),
            Flag.of("mode", ToolFlags.STRING, o -> o.mode, (o, v) -> o.mode = v,
                    "the upstream request mode options: round-robin, hostpool (default), epsilon-greedy"),
            Flag.of("sample", FLOAT64, o -> o.sample, (o, v) -> o.sample = v,
                    "% of messages to publish (float b/w 0 -> 1)"),
            Flag.of("http-client-connect-timeout", FlagType.DURATION, o -> o.httpConnectTimeout,
                    (o, v) -> o.httpConnectTimeout = v, "timeout for HTTP connect"),
            Flag.of("http-client-request-timeout", FlagType.DURATION, o -> o.httpRequestTimeout,
                    (o, v) -> o.httpRequestTimeout = v, "timeout for HTTP request"),
            Flag.of("status-every", FlagType.INT, o -> o.statusEvery, (o, v) -> o.statusEvery = v,
                    "the # of requests between logging status (per handler), 0 disables"),
            Flag.of("content-type", ToolFlags.STRING, o -> o.contentType, (o, v) -> o.contentType = v,
                    "the Content-Type used for POST requests"),
            ToolFlags.strings("post", o -> o.postAddresses,
                    "HTTP address to make a POST request to.  data will be in the body (may be given multiple times)"),
            ToolFlags.strings("header", o -> o.headerFlags,
                    "Custom header for HTTP requests (may be given multiple times)"),
            ToolFlags.strings("get", o -> o.getAddresses, "HTTP address to make a GET request to. '%s' will be"
                    + " printf replaced with data (may be given multiple times)"),
            ToolFlags.strings("nsqd-tcp-address", o -> o.nsqdTcpAddresses,
                    "nsqd TCP address (may be given multiple times)"),
            ToolFlags.strings("lookupd-http-address", o -> o.lookupdHttpAddresses,
                    "lookupd HTTP address (may be given multiple times)"),
            ConfigFlag.flag("consumer-opt", o -> o.consumerOptions, "option to passthrough to nsq.Consumer (may be"
                    + " given multiple times, http://godoc.org/github.com/nsqio/go-nsq#Config)"));

    private static final ToolFlagSet<ToHttpOptions> FLAG_SET =
            new ToolFlagSet<>(APP, ToHttpOptions::new, FLAGS, VERSION);

    private ToHttpCommandLine() {
    }

    /**
     * Parses and checks nsq_to_http's arguments, in NSQ's order: topic and channel, content type, the kind of
     * nsqd address, GET or POST, the GET templates, the mode, the sample, then the headers. Pure: prints nothing,
     * never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments nsq_to_http cannot use
     */
    public static ToHttpOptions parse(String... args) throws CommandLineExit {
        ToHttpOptions o = FLAG_SET.parse(args);
        if (o.topic.isEmpty() || o.channel.isEmpty()) {
            throw fatal("--topic and --channel are required");
        }
        // NSQ compares with the default, so an explicit --content-type=application/octet-stream passes with --get
        if (!o.contentType.equals(DEFAULT_CONTENT_TYPE)) {
            if (o.postAddresses.isEmpty()) {
                throw fatal("--content-type only used with --post");
            }
            if (o.contentType.isEmpty()) {
                throw fatal("--content-type requires a value when used");
            }
        }
        new ConsumerSources(o.nsqdTcpAddresses, o.lookupdHttpAddresses).check(ConsumerSources.REQUIRED);
        if (o.getAddresses.isEmpty() && o.postAddresses.isEmpty()) {
            throw fatal("--get or --post required");
        }
        if (!o.getAddresses.isEmpty() && !o.postAddresses.isEmpty()) {
            throw fatal("use --get or --post not both");
        }
        for (String get : o.getAddresses) {
            if (count(get, "%s") != 1) {
                throw fatal("invalid GET address - must be a printf string");
            }
        }
        o.selectedMode = switch (o.mode) {
            case "round-robin" -> Mode.ROUND_ROBIN;
            case "hostpool", "epsilon-greedy" -> Mode.HOST_POOL;
            default -> Mode.ALL; // NSQ's zero value: any other word sends to every address
        };
        if (o.sample > 1.0 || o.sample < 0.0) {
            throw fatal("ERROR: --sample must be between 0.0 and 1.0");
        }
        for (String header : o.headerFlags) {
            // NSQ splits on ':' although its message says 'key=value'
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).strip();
            String value = colon < 0 ? "" : header.substring(colon + 1).strip();
            if (name.isEmpty() || value.isEmpty()) {
                throw fatal("--header value format should be 'key=value'");
            }
            o.headers.put(name, value);
        }
        if (o.publishers < 1) {
            throw fatal("--n must be at least 1");
        }
        return o;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }

    /** Go's {@code strings.Count}: non-overlapping occurrences. */
    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static double parseFloat(String text) {
        try {
            return GoStrconv.parseFloat(text);
        } catch (IllegalArgumentException e) {
            // Go's flag package reduces strconv's errors to these
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).contains("out of range")
                    ? "value out of range" : "parse error", e);
        }
    }

    private static CommandLineExit fatal(String message) {
        return new CommandLineExit(Kind.FATAL, message);
    }
}
