package io.jnsq.apps.tonsq;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import java.nio.charset.Charset;
import java.util.List;

/** to_nsq's command line, as NSQ's {@code apps/to_nsq} declares and checks it. It has no {@code --version}. */
public final class ToNsqCommandLine {
    static final String APP = "to_nsq";

    /** Every flag of NSQ's to_nsq. */
    public static final List<Flag<ToNsqOptions, ?>> FLAGS = List.of(
            Flag.of("topic", ToolFlags.STRING, o -> o.topic, (o, v) -> o.topic = v, "NSQ topic to publish to"),
            Flag.of("delimiter", ToolFlags.STRING, o -> o.delimiter, (o, v) -> o.delimiter = v,
                    "character to split input from stdin"),
            ToolFlags.strings("nsqd-tcp-address", o -> o.nsqdTcpAddresses,
                    "destination nsqd TCP address (may be given multiple times)"),
            ConfigFlag.flag("producer-opt", o -> o.producerOptions, "option to passthrough to nsq.Producer (may be"
                    + " given multiple times, http://godoc.org/github.com/nsqio/go-nsq#Config)"),
            Flag.of("rate", FlagType.INT64, o -> o.rate, (o, v) -> o.rate = v,
                    "Throttle messages to n/second. 0 to disable"));

    private static final ToolFlagSet<ToNsqOptions> FLAG_SET = new ToolFlagSet<>(APP, ToNsqOptions::new, FLAGS, null);

    private ToNsqCommandLine() {
    }

    /**
     * Parses and checks to_nsq's arguments, in NSQ's order. Pure: prints nothing, never exits. The producer options
     * are checked together when the producers are made ({@link ToNsq}), as in NSQ.
     *
     * @throws CommandLineExit for {@code --help} and arguments to_nsq cannot use
     */
    public static ToNsqOptions parse(String... args) throws CommandLineExit {
        ToNsqOptions options = FLAG_SET.parse(args);
        if (options.topic.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, "--topic required");
        }
        if (delimiterBytes(options.delimiter).length != 1) {
            throw new CommandLineExit(Kind.FATAL, "--delimiter must be a single byte");
        }
        if (options.nsqdTcpAddresses.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, "--nsqd-tcp-address required");
        }
        return options;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }

    /** The delimiter as the bytes the command line held: the JVM decoded them with the platform's encoding. */
    static byte[] delimiterBytes(String delimiter) {
        Charset platform;
        try {
            platform = Charset.forName(System.getProperty("sun.jnu.encoding", ""));
        } catch (IllegalArgumentException e) {
            platform = Charset.defaultCharset();
        }
        return delimiter.getBytes(platform);
    }
}
