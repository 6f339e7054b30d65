package io.jnsq.apps.cli;

import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.common.Version;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.Flag.InvalidFlagValue;
import io.jnsq.common.flags.FlagType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
        List<Flag.Parsed<O, ?>> parsed = new ArrayList<>(given.size());
        for (Flag<O, ?> flag : flags) {
            if (!given.containsKey(flag)) {
                continue;
            }
            try {
                parsed.add(flag.parse(given.get(flag)));
            } catch (InvalidFlagValue e) {
                throw new CommandLineExit(Kind.FATAL,
                        "invalid value \"" + e.text + "\" for flag -" + flag.name() + ": " + e.reason);
            }
        }
        // before the defaults are made: some take a while (the node ID hashes the hostname)
        if (given.containsKey(version) && FlagType.BOOL.parse(last(given.get(version)))) {
            throw new CommandLineExit(Kind.VERSION, Version.string(app));
        }
        O options = defaults.get();
        for (Flag.Parsed<O, ?> values : parsed) {
            values.applyTo(options);
        }
        if (given.containsKey(config)) {
            applyConfigFile(last(given.get(config)), options, given);
        }
        return options;
    }

    /** Go's usage text: {@code Usage of <app>:} then every flag, sorted, with its type, help and default. */
    public String usage() {
        return GoFlags.usage(app, flags, defaults.get());
    }

    /** The flags on the command line, each with its raw values in order, read as Go's flag package reads them. */
    private Map<Flag<O, ?>, List<String>> readFlags(String... args) throws CommandLineExit {
        Map<Flag<O, ?>, List<String>> given = new IdentityHashMap<>();
        GoFlags.scan(args, flags, Kind.USAGE, this::usage,
                (flag, value) -> given.computeIfAbsent(flag, f -> new ArrayList<>()).add(value));
        return given;
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
                flag.parse(flag.type().configOccurrences(value)).applyTo(options);
            } catch (InvalidFlagValue e) {
                throw ConfigFile.failed(path, "invalid value \"" + e.text + "\" for " + flag.configKey() + ": "
                        + e.reason);
            }
        }
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}
