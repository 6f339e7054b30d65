package io.jnsq.common.cli;

import io.jnsq.common.cli.CommandLineExit.Kind;
import io.jnsq.common.cli.Flag.InvalidFlagValue;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A daemon's command line and config file, as NSQ's {@code apps/*} read them. Flags follow Go's flag package:
 * {@code -flag} or {@code --flag}, {@code --flag=value} or {@code --flag value}, bool flags alone or with
 * {@code =value}, and parsing stops at the first argument that is not a flag. An option comes from, in order: the
 * command line, the {@code --config} TOML file, NSQ's default.
 *
 * @param app the binary's name, for the usage and version texts
 * @param defaults makes options holding NSQ's defaults
 * @param flags every flag, in NSQ's order; it must include {@code version} and {@code config}
 * @param version the {@code --version} flag, read by the parser itself
 * @param config the {@code --config} flag, read by the parser itself
 */
public record FlagSet<O>(String app, Supplier<O> defaults, List<Flag<O, ?>> flags, Flag<O, Boolean> version,
                         Flag<O, String> config) {

    /**
     * Parses the arguments and the config file they name into options; the daemon validates them. Pure: prints
     * nothing and never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments or a config file it cannot use
     */
    public O parse(String... args) throws CommandLineExit {
        Map<Flag<O, ?>, List<String>> given = readFlags(args);
        O options = defaults.get();
        for (Flag<O, ?> flag : flags) {
            if (!given.containsKey(flag)) {
                continue;
            }
            try {
                flag.apply(options, given.get(flag));
            } catch (InvalidFlagValue e) {
                throw new CommandLineExit(Kind.FATAL,
                        "invalid value \"" + e.text + "\" for flag -" + flag.name() + ": " + e.reason);
            }
        }
        if (given.containsKey(version) && FlagType.BOOL.parse(last(given.get(version)))) {
            throw new CommandLineExit(Kind.VERSION, Version.string(app));
        }
        if (given.containsKey(config)) {
            applyConfigFile(last(given.get(config)), options, given);
        }
        return options;
    }

    /** Go's usage text: {@code Usage of <app>:} then every flag, sorted, with its type, help and default. */
    public String usage() {
        O defaults = this.defaults.get();
        StringBuilder usage = new StringBuilder("Usage of " + app + ":");
        flags.stream().sorted(Comparator.comparing(Flag::name)).forEach(flag -> {
            usage.append("\n  -").append(flag.name());
            if (!flag.type().usageName().isEmpty()) {
                usage.append(' ').append(flag.type().usageName());
            }
            usage.append("\n    \t").append(flag.usage());
            String usageDefault = flag.usageDefault(defaults);
            if (usageDefault != null) {
                usage.append(" (default ").append(usageDefault).append(')');
            }
        });
        return usage.toString();
    }

    /** The flags on the command line, each with its raw values in order. */
    private Map<Flag<O, ?>, List<String>> readFlags(String... args) throws CommandLineExit {
        CommandSpec spec = CommandSpec.create();
        spec.parser()
                .expandAtFiles(false)
                .overwrittenOptionsAllowed(true)
                .posixClusteredShortOptionsAllowed(false)
                .stopAtPositional(true);
        Map<Flag<O, ?>, OptionSpec> options = new HashMap<>();
        for (Flag<O, ?> flag : flags) {
            OptionSpec option = option(flag.type().takesValue(), "-" + flag.name(), "--" + flag.name());
            spec.addOption(option);
            options.put(flag, option);
        }
        // Go's flag package answers -h and -help with the usage when no flag has that name
        OptionSpec help = option(false, "-h", "--h", "-help", "--help");
        spec.addOption(help);
        // Go stops at the first argument that is not a flag; NSQ's daemons ignore it and everything after it
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .hidden(true).build());
        ParseResult result;
        try {
            result = new CommandLine(spec).parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            throw usageError(undefinedFlag(e.getUnmatched().get(0)));
        } catch (MissingParameterException e) {
            throw usageError(e.getMissing().get(0) instanceof OptionSpec flag
                    ? "flag needs an argument: -" + flag.longestName().substring(2)
                    : e.getMessage());
        } catch (ParameterException e) {
            throw usageError(e.getMessage());
        }
        if (result.hasMatchedOption(help)) {
            throw new CommandLineExit(Kind.USAGE, usage());
        }
        Map<Flag<O, ?>, List<String>> given = new HashMap<>();
        options.forEach((flag, option) -> {
            if (result.hasMatchedOption(option)) {
                given.put(flag, option.originalStringValues());
            }
        });
        return given;
    }

    /**
     * Every value is read as text and converted by {@link FlagType}, so errors read like Go's. Bool-like flags are
     * typed Boolean only so that picocli, like Go, does not take a following argument as their value (apart from a
     * bare {@code true} or {@code false}).
     */
    private static OptionSpec option(boolean takesValue, String... names) {
        OptionSpec.Builder option = OptionSpec.builder(names);
        if (takesValue) {
            return option.type(String.class).arity("1").build();
        }
        return option.type(Boolean.class).arity("0..1").converters(text -> text).build();
    }

    /** Applies the file's keys to every option the command line did not set. */
    private void applyConfigFile(String path, O options, Map<Flag<O, ?>, List<String>> given)
            throws CommandLineExit {
        Map<String, Object> file = ConfigFile.load(path);
        for (Flag<O, ?> flag : flags) {
            Object value = flag.configKey() == null ? null : file.get(flag.configKey());
            if (value == null || given.containsKey(flag)) {
                continue;
            }
            try {
                flag.apply(options, flag.type().configOccurrences(value));
            } catch (InvalidFlagValue e) {
                throw ConfigFile.failed(path, "invalid value \"" + e.text + "\" for " + flag.configKey() + ": "
                        + e.reason);
            }
        }
    }

    /** Go's message for an argument that names no flag, e.g. {@code -foo=1} or {@code ---foo}. */
    private static String undefinedFlag(String arg) {
        String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        if (name.isEmpty() || name.startsWith("-") || name.startsWith("=")) {
            return "bad flag syntax: " + arg;
        }
        int equals = name.indexOf('=');
        return "flag provided but not defined: -" + (equals < 0 ? name : name.substring(0, equals));
    }

    private CommandLineExit usageError(String message) {
        return new CommandLineExit(Kind.USAGE, message + "\n" + usage());
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}
