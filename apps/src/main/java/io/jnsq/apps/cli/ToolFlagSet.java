package io.jnsq.apps.cli;

import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.common.Version;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.Flag.InvalidFlagValue;
import java.util.List;
import java.util.function.Supplier;

/**
 * The command line of one of NSQ's tools ({@code nsq_tail}, {@code to_nsq}, ...), read as Go's {@code flag.Parse()}
 * reads it: flags in the order given, each value set as it is read (a repeatable flag appends), the first bad one
 * printed with the usage (status 2), {@code -h} and {@code -help} printing the usage (status 0). No config file.
 * {@code --version} prints {@code <app> v1.3.0}, as NSQ's tools print it, whatever else the command line holds.
 *
 * @param app the tool's name, for the usage and version texts
 * @param defaults makes options holding NSQ's defaults
 * @param flags every flag of the tool
 * @param version the tool's bound {@code --version} flag, or null for a tool without one ({@code to_nsq})
 */
public record ToolFlagSet<O>(String app, Supplier<O> defaults, List<Flag<O, ?>> flags, Flag<O, Boolean> version) {

    /**
     * Parses the arguments into options; the tool validates them. Pure: prints nothing and never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments Go's flag package refuses
     */
    public O parse(String... args) throws CommandLineExit {
        O options = parseFlags(args).options();
        exitIfVersion(options);
        return options;
    }

    /**
     * The flags read into options, and the arguments after them, for a tool that refuses those before it looks at
     * {@code --version} (nsq_to_file). Pure: prints nothing and never exits.
     *
     * @throws CommandLineExit for {@code --help}, and arguments Go's flag package refuses
     */
    public Parsed<O> parseFlags(String... args) throws CommandLineExit {
        O options = defaults.get();
        int end = GoFlags.scan(args, flags, Kind.HELP, this::usage, (flag, value) -> set(options, flag, value));
        return new Parsed<>(options, List.of(args).subList(end, args.length));
    }

    /** @throws CommandLineExit {@link Kind#VERSION} when {@code --version} is set */
    public void exitIfVersion(O options) throws CommandLineExit {
        if (version != null && version.getter().apply(options)) {
            throw new CommandLineExit(Kind.VERSION, versionLine(app));
        }
    }

    /**
     * A command line read: its options and the arguments after the flags (Go's {@code fs.Args()}).
     *
     * @param options the flags' values over the defaults
     * @param arguments what follows the flags
     */
    public record Parsed<O>(O options, List<String> arguments) {
    }

    /** NSQ's tools print their version without build information: {@code nsq_tail v1.3.0}. */
    public static String versionLine(String app) {
        return app + " v" + Version.NSQ;
    }

    /** Go's usage text: {@code Usage of <app>:} then every flag, sorted, with its type, help and default. */
    public String usage() {
        return GoFlags.usage(app, flags, defaults.get());
    }

    private void set(O options, Flag<O, ?> flag, String value) throws CommandLineExit {
        try {
            flag.parse(List.of(value)).applyTo(options);
        } catch (InvalidFlagValue e) {
            String message = flag.type().takesValue()
                    ? "invalid value " + ToolFlags.goQuote(value) + " for flag -" + flag.name() + ": " + e.reason
                    : "invalid boolean value " + ToolFlags.goQuote(value) + " for -" + flag.name() + ": " + e.reason;
            throw GoFlags.usageError(message, this::usage);
        }
    }
}
