package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.ToolFlagSet;
import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.apps.log.AppLog;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import java.time.Duration;
import java.util.List;

/** nsq_to_file's command line, as NSQ's {@code apps/nsq_to_file} declares and checks it. */
public final class NsqToFileCommandLine {
    static final String APP = "nsq_to_file";

    private static final Flag<NsqToFileOptions, Boolean> VERSION = ToolFlags.version(o -> o.version,
            (o, v) -> o.version = v);

    /** Every flag of NSQ's nsq_to_file. */
    public static final List<Flag<NsqToFileOptions, ?>> FLAGS = List.of(VERSION,
            Flag.of("log-level", ToolFlags.STRING, o -> o.logLevel, (o, v) -> o.logLevel = v,
                    "set log verbosity: debug, info, warn, error, or fatal"),
            Flag.of("log-prefix", ToolFlags.STRING, o -> o.logPrefix, (o, v) -> o.logPrefix = v,
                    "log message prefix"),
            Flag.of("channel", ToolFlags.STRING, o -> o.channel, (o, v) -> o.channel = v, "nsq channel"),
            Flag.of("max-in-flight", FlagType.INT, o -> o.maxInFlight, (o, v) -> o.maxInFlight = v,
                    "max number of messages to allow in flight"),
            Flag.of("output-dir", ToolFlags.STRING, o -> o.outputDir, (o, v) -> o.outputDir = v,
                    "directory to write output files to"),
            Flag.of("work-dir", ToolFlags.STRING, o -> o.workDir, (o, v) -> o.workDir = v,
                    "directory for in-progress files before moving to output-dir"),
            Flag.of("datetime-format", ToolFlags.STRING, o -> o.datetimeFormat, (o, v) -> o.datetimeFormat = v,
                    "strftime compatible format for <DATETIME> in filename format"),
            Flag.of("filename-format", ToolFlags.STRING, o -> o.filenameFormat, (o, v) -> o.filenameFormat = v,
                    "output filename format (<TOPIC>, <HOST>, <PID>, <DATETIME>, <REV> are replaced. <REV> is"
                            + " increased when file already exists)"),
            Flag.of("host-identifier", ToolFlags.STRING, o -> o.hostIdentifier, (o, v) -> o.hostIdentifier = v,
                    "value to output in log filename in place of hostname. <SHORT_HOST> and <HOSTNAME> are valid"
                            + " replacement tokens"),
            Flag.of("gzip-level", FlagType.INT, o -> o.gzipLevel, (o, v) -> o.gzipLevel = v,
                    "gzip compression level (1-9, 1=BestSpeed, 9=BestCompression)"),
            Flag.of("gzip", FlagType.BOOL, o -> o.gzip, (o, v) -> o.gzip = v, "gzip output files."),
            Flag.of("skip-empty-files", FlagType.BOOL, o -> o.skipEmptyFiles, (o, v) -> o.skipEmptyFiles = v,
                    "skip writing empty files"),
            Flag.of("topic-refresh", FlagType.DURATION, o -> o.topicRefresh, (o, v) -> o.topicRefresh = v,
                    "how frequently the topic list should be refreshed"),
            Flag.of("topic-pattern", ToolFlags.STRING, o -> o.topicPattern, (o, v) -> o.topicPattern = v,
                    "only log topics matching the following pattern"),
            Flag.of("rotate-size", FlagType.INT64, o -> o.rotateSize, (o, v) -> o.rotateSize = v,
                    "rotate the file when it grows bigger than `rotate-size` bytes"),
            Flag.of("rotate-interval", FlagType.DURATION, o -> o.rotateInterval, (o, v) -> o.rotateInterval = v,
                    "rotate the file every duration"),
            Flag.of("sync-interval", FlagType.DURATION, o -> o.syncInterval, (o, v) -> o.syncInterval = v,
                    "sync file to disk every duration"),
            Flag.of("http-client-connect-timeout", FlagType.DURATION, o -> o.httpConnectTimeout,
                    (o, v) -> o.httpConnectTimeout = v, "timeout for HTTP connect"),
            Flag.of("http-client-request-timeout", FlagType.DURATION, o -> o.httpRequestTimeout,
                    (o, v) -> o.httpRequestTimeout = v, "timeout for HTTP request"),
            ToolFlags.strings("nsqd-tcp-address", o -> o.nsqdTcpAddresses,
                    "nsqd TCP address (may be given multiple times)"),
            ToolFlags.strings("lookupd-http-address", o -> o.lookupdHttpAddresses,
                    "lookupd HTTP address (may be given multiple times)"),
            ToolFlags.strings("topic", o -> o.topics, "nsq topic (may be given multiple times)"),
            ConfigFlag.flag("consumer-opt", o -> o.consumerOptions, "option to passthrough to nsq.Consumer (may be"
                    + " given multiple times, http://godoc.org/github.com/nsqio/go-nsq#Config)"));

    private static final ToolFlagSet<NsqToFileOptions> FLAG_SET =
            new ToolFlagSet<>(APP, NsqToFileOptions::new, FLAGS, VERSION);

    private NsqToFileCommandLine() {
    }

    /**
     * Parses and checks nsq_to_file's arguments, in NSQ's order: arguments after the flags, the log level, then
     * {@code --version}, then the options; {@code --work-dir} defaults to {@code --output-dir}. Pure: prints
     * nothing, never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments nsq_to_file cannot use
     */
    public static NsqToFileOptions parse(String... args) throws CommandLineExit {
        ToolFlagSet.Parsed<NsqToFileOptions> parsed = FLAG_SET.parseFlags(args);
        if (!parsed.arguments().isEmpty()) {
            // Go's %s of a []string
            throw fatal("unknown arguments: [" + String.join(" ", parsed.arguments()) + "]");
        }
        NsqToFileOptions options = parsed.options();
        if (!AppLog.isLevel(options.logLevel)) {
            throw fatal("--log-level is invalid");
        }
        FLAG_SET.exitIfVersion(options);
        if (options.channel.isEmpty()) {
            throw fatal("--channel is required");
        }
        if (!positive(options.httpConnectTimeout)) {
            throw fatal("--http-client-connect-timeout should be positive");
        }
        if (!positive(options.httpRequestTimeout)) {
            throw fatal("--http-client-request-timeout should be positive");
        }
        new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses)
                .check(ConsumerSources.REQUIRED + ".");
        if (options.gzipLevel < 1 || options.gzipLevel > 9) {
            throw fatal("invalid --gzip-level value (" + options.gzipLevel + "), should be 1-9");
        }
        if (options.topics.isEmpty() && options.topicPattern.isEmpty()) {
            throw fatal("--topic or --topic-pattern required");
        }
        if (options.topics.isEmpty() && options.lookupdHttpAddresses.isEmpty()) {
            throw fatal("--lookupd-http-address must be specified when no --topic specified");
        }
        // NSQ's ticker panics on one that is not positive
        if (!positive(options.syncInterval)) {
            throw fatal("--sync-interval should be positive");
        }
        if (options.workDir.isEmpty()) {
            options.workDir = options.outputDir;
        }
        // NSQ finds this when it makes each topic's file logger, logs it and skips the topic: every topic alike
        if (options.needsRevision() && !options.filenameFormat.contains(FileNames.REV)) {
            throw fatal("missing <REV> in --filename-format when gzip, rotation, or work dir enabled");
        }
        return options;
    }

    /** Go's usage text. */
    public static String usage() {
        return FLAG_SET.usage();
    }

    static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static CommandLineExit fatal(String message) {
        return new CommandLineExit(Kind.FATAL, message);
    }
}
