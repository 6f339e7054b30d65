package io.jnsq.apps.nsqstat;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import io.jnsq.protocol.GoStrconv;
import java.time.Duration;
import java.util.List;

/** nsq_stat's command line, as NSQ's {@code apps/nsq_stat} declares and checks it. */
public final class NsqStatCommandLine {
    static final String APP = "nsq_stat";

    /**
     * NSQ's {@code numValue}: {@code strconv.ParseInt(s, 10, 32)}, its error as the reason; {@code value} in the
     * usage and no default shown (its {@code String()} is {@code N} either way).
     */
    static final FlagType<Integer> COUNT = new FlagType<>("value", true, text -> (int) GoStrconv.parseInt(text, 32),
            value -> null, String::valueOf, value -> value);

    /** nsq_stat's own help text for {@code --version} ({@code print version}, not {@code print version string}). */
    private static final Flag<NsqStatOptions, Boolean> VERSION = Flag.of("version", FlagType.BOOL, o -> o.version,
            (o, v) -> o.version = v, "print version");

    /** Every flag of NSQ's nsq_stat. */
    public static final List<Flag<NsqStatOptions, ?>> FLAGS = List.of(VERSION,
            Flag.of("topic", ToolFlags.STRING, o -> o.topic, (o, v) -> o.topic = v, "NSQ topic"),
            Flag.of("channel", ToolFlags.STRING, o -> o.channel, (o, v) -> o.channel = v, "NSQ channel"),
            Flag.of("interval", FlagType.DURATION, o -> o.interval, (o, v) -> o.interval = v,
                    "duration of time between polling/printing output"),
            Flag.of("http-client-connect-timeout", FlagType.DURATION, o -> o.httpConnectTimeout,
                    (o, v) -> o.httpConnectTimeout = v, "timeout for HTTP connect"),
            Flag.of("http-client-request-timeout", FlagType.DURATION, o -> o.httpRequestTimeout,
                    (o, v) -> o.httpRequestTimeout = v, "timeout for HTTP request"),
            Flag.of("count", COUNT, o -> o.count, (o, v) -> o.count = v, "number of reports"),
            ToolFlags.strings("nsqd-http-address", o -> o.nsqdHttpAddresses,
                    "nsqd HTTP address (may be given multiple times)"),
            ToolFlags.strings("lookupd-http-address", o -> o.lookupdHttpAddresses,
                    "lookupd HTTP address (may be given multiple times)"));

    private static final ToolFlagSet<NsqStatOptions> FLAG_SET =
            new ToolFlagSet<>(APP, NsqStatOptions::new, FLAGS, VERSION);

    private NsqStatCommandLine() {
    }

    /**
     * Parses and checks nsq_stat's arguments, in NSQ's order: topic and channel, interval, timeouts, count, the
     * kind of address, then the addresses themselves. Pure: prints nothing, never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments nsq_stat cannot use
     */
    public static NsqStatOptions parse(String... args) throws CommandLineExit {
        NsqStatOptions o = FLAG_SET.parse(args);
        if (o.topic.isEmpty() || o.channel.isEmpty()) {
            throw fatal("--topic and --channel are required");
        }
        requirePositive(o.interval, "--interval");
        requirePositive(o.httpConnectTimeout, "--http-client-connect-timeout");
        requirePositive(o.httpRequestTimeout, "--http-client-request-timeout");
        if (o.count != null && o.count <= 0) {
            throw fatal("--count should be positive");
        }
        if (o.nsqdHttpAddresses.isEmpty() && o.lookupdHttpAddresses.isEmpty()) {
            throw fatal("--nsqd-http-address or --lookupd-http-address required");
        }
        if (!o.nsqdHttpAddresses.isEmpty() && !o.lookupdHttpAddresses.isEmpty()) {
            throw fatal("use --nsqd-http-address or --lookupd-http-address not both");
        }
        checkAddresses(o.nsqdHttpAddresses, "--nsqd-http-address");
        checkAddresses(o.lookupdHttpAddresses, "--lookupd-http-address");
        return o;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }

    private static void requirePositive(Duration duration, String flag) throws CommandLineExit {
        if (duration.isNegative() || duration.isZero()) {
            throw fatal(flag + " should be positive");
        }
    }

    /** NSQ refuses anything starting with {@code http}: the tool adds {@code http://} itself. */
    private static void checkAddresses(List<String> addresses, String flag) throws CommandLineExit {
        for (String address : addresses) {
            if (address.startsWith("http")) {
                throw fatal(flag + " error - address should not contain scheme");
            }
        }
    }

    private static CommandLineExit fatal(String message) {
        return new CommandLineExit(Kind.FATAL, message);
    }
}
