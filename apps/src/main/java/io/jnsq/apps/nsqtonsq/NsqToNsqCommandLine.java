package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import io.jnsq.protocol.Names;
import java.util.List;

/** nsq_to_nsq's command line, as NSQ's {@code apps/nsq_to_nsq} declares and checks it. */
public final class NsqToNsqCommandLine {
    static final String APP = "nsq_to_nsq";

    private static final Flag<NsqToNsqOptions, Boolean> VERSION = ToolFlags.version(o -> o.version,
            (o, v) -> o.version = v);

    /** Every flag of NSQ's nsq_to_nsq. */
    public static final List<Flag<NsqToNsqOptions, ?>> FLAGS = List.of(VERSION,
            ToolFlags.strings("topic", o -> o.topics, "nsq topic (may be given multiple times)"),
            Flag.of("channel", ToolFlags.STRING, o -> o.channel, (o, v) -> o.channel = v, "nsq channel"),
            Flag.of("destination-topic", ToolFlags.STRING, o -> o.destinationTopic,
                    (o, v) -> o.destinationTopic = v, "use this destination topic for all consumed topics (default is"
                            + " consumed topic name)"),
            Flag.of("max-in-flight", FlagType.INT, o -> o.maxInFlight, (o, v) -> o.maxInFlight = v,
                    "max number of messages to allow in flight"),
            Flag.of("status-every", FlagType.INT, o -> o.statusEvery, (o, v) -> o.statusEvery = v,
                    "the # of requests between logging status (per destination), 0 disables"),
            Flag.of("mode", ToolFlags.STRING, o -> o.mode, (o, v) -> o.mode = v,
                    "the upstream request mode options: round-robin, hostpool (default), epsilon-greedy"),
            ToolFlags.strings("nsqd-tcp-address", o -> o.nsqdTcpAddresses,
                    "nsqd TCP address (may be given multiple times)"),
            ToolFlags.strings("destination-nsqd-tcp-address", o -> o.destinationNsqdTcpAddresses,
                    "destination nsqd TCP address (may be given multiple times)"),
            ToolFlags.strings("lookupd-http-address", o -> o.lookupdHttpAddresses,
                    "lookupd HTTP address (may be given multiple times)"),
            ToolFlags.strings("whitelist-json-field", o -> o.whitelistJsonFields,
                    "for JSON messages: pass this field (may be given multiple times)"),
            Flag.of("require-json-field", ToolFlags.STRING, o -> o.requireJsonField,
                    (o, v) -> o.requireJsonField = v, "for JSON messages: only pass messages that contain this field"),
            Flag.of("require-json-value", ToolFlags.STRING, o -> o.requireJsonValue,
                    (o, v) -> o.requireJsonValue = v,
                    "for JSON messages: only pass messages in which the required field has this value"),
            ConfigFlag.flag("consumer-opt", o -> o.consumerOptions, "option to passthrough to nsq.Consumer (may be"
                    + " given multiple times, see http://godoc.org/github.com/nsqio/go-nsq#Config)"),
            ConfigFlag.flag("producer-opt", o -> o.producerOptions, "option to passthrough to nsq.Producer (may be"
                    + " given multiple times, see http://godoc.org/github.com/nsqio/go-nsq#Config)"));

    private static final ToolFlagSet<NsqToNsqOptions> FLAG_SET =
            new ToolFlagSet<>(APP, NsqToNsqOptions::new, FLAGS, VERSION);

    private NsqToNsqCommandLine() {
    }

    /**
     * Parses and checks nsq_to_nsq's arguments, in NSQ's order: topics and channel, their names, the sources, the
     * destinations. Pure: prints nothing, never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments nsq_to_nsq cannot use
     */
    public static NsqToNsqOptions parse(String... args) throws CommandLineExit {
        NsqToNsqOptions options = FLAG_SET.parse(args);
        if (options.topics.isEmpty() || options.channel.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, "--topic and --channel are required");
        }
        for (String topic : options.topics) {
            if (!Names.isValidTopicName(topic)) {
                throw new CommandLineExit(Kind.FATAL, "--topic is invalid");
            }
        }
        if (!options.destinationTopic.isEmpty() && !Names.isValidTopicName(options.destinationTopic)) {
            throw new CommandLineExit(Kind.FATAL, "--destination-topic is invalid");
        }
        if (!Names.isValidChannelName(options.channel)) {
            throw new CommandLineExit(Kind.FATAL, "--channel is invalid");
        }
        new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses).check(ConsumerSources.REQUIRED);
        if (options.destinationNsqdTcpAddresses.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, "--destination-nsqd-tcp-address required");
        }
        return options;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }
}
