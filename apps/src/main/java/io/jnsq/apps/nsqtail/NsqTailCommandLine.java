package io.jnsq.apps.nsqtail;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** nsq_tail's command line, as NSQ's {@code apps/nsq_tail} declares and checks it. */
public final class NsqTailCommandLine {
    static final String APP = "nsq_tail";

    private static final Flag<NsqTailOptions, Boolean> VERSION = ToolFlags.version(o -> o.version,
            (o, v) -> o.version = v);

    /** Every flag of NSQ's nsq_tail. */
    public static final List<Flag<NsqTailOptions, ?>> FLAGS = List.of(VERSION,
            Flag.of("channel", ToolFlags.STRING, o -> o.channel, (o, v) -> o.channel = v, "NSQ channel"),
            Flag.of("max-in-flight", FlagType.INT, o -> o.maxInFlight, (o, v) -> o.maxInFlight = v,
                    "max number of messages to allow in flight"),
            Flag.of("n", FlagType.INT, o -> o.totalMessages, (o, v) -> o.totalMessages = v,
                    "total messages to show (will wait if starved)"),
            Flag.of("print-topic", FlagType.BOOL, o -> o.printTopic, (o, v) -> o.printTopic = v,
                    "print topic name where message was received"),
            ToolFlags.strings("nsqd-tcp-address", o -> o.nsqdTcpAddresses,
                    "nsqd TCP address (may be given multiple times)"),
            ToolFlags.strings("lookupd-http-address", o -> o.lookupdHttpAddresses,
                    "lookupd HTTP address (may be given multiple times)"),
            ToolFlags.strings("topic", o -> o.topics, "NSQ topic (may be given multiple times)"),
            ConfigFlag.flag("consumer-opt", o -> o.consumerOptions, "option to passthrough to nsq.Consumer (may be"
                    + " given multiple times, http://godoc.org/github.com/nsqio/go-nsq#Config)"));

    private static final ToolFlagSet<NsqTailOptions> FLAG_SET =
            new ToolFlagSet<>(APP, NsqTailOptions::new, FLAGS, VERSION);

    private NsqTailCommandLine() {
    }

    /**
     * Parses and checks nsq_tail's arguments, in NSQ's order: the channel picked when none is given, then the
     * addresses, then the topics; {@code --max-in-flight} lowered to {@code --n}. Pure: prints nothing, never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments nsq_tail cannot use
     */
    public static NsqTailOptions parse(String... args) throws CommandLineExit {
        NsqTailOptions options = FLAG_SET.parse(args);
        if (options.channel.isEmpty()) {
            // NSQ: rand.Int() % 999999
            options.channel = String.format("tail%06d#ephemeral", ThreadLocalRandom.current().nextInt(999999));
        }
        new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses).check(ConsumerSources.REQUIRED);
        if (options.topics.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, "--topic required");
        }
        // don't ask for more messages than wanted
        if (options.totalMessages > 0 && options.totalMessages < options.maxInFlight) {
            options.maxInFlight = options.totalMessages;
        }
        return options;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }
}
