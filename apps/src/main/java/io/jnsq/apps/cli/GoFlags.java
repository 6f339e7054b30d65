package io.jnsq.apps.cli;

import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.common.flags.Flag;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Go's flag package, the part every binary shares: how the arguments are read into flags and values, and the usage
 * text. What a value then does is up to {@link FlagSet} (the daemons) and {@link ToolFlagSet} (the tools).
 */
final class GoFlags {
    /** Takes one flag of the command line with its raw value, in the order given. */
    @FunctionalInterface
    interface Visitor<O> {
        void visit(Flag<O, ?> flag, String value) throws CommandLineExit;
    }

    private GoFlags() {
    }

    /**
     * Reads the flags as Go's flag package does: a flag is {@code -name} or {@code --name}, its value follows an
     * {@code =} or is the next argument, a bool-like flag takes a value only after {@code =}, and the first argument
     * that is not a flag, or {@code --}, ends them (the rest is ignored, as NSQ's binaries do).
     *
     * @param help what {@code -h} and {@code -help} (when not defined) throw, with the usage as message
     * @return the index of the first argument after the flags (Go's {@code fs.Args()}), {@code --} skipped
     * @throws CommandLineExit {@link Kind#USAGE} for Go's syntax errors, {@code help} for a help request, or what
     *     the visitor throws
     */
    static <O> int scan(String[] args, List<Flag<O, ?>> flags, Kind help, Supplier<String> usage,
                         Visitor<O> visitor) throws CommandLineExit {
        Map<String, Flag<O, ?>> byName = new HashMap<>();
        for (Flag<O, ?> flag : flags) {
            byName.put(flag.name(), flag);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                return i;
            }
            int dashes = arg.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                return i + 1;
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw usageError("bad flag syntax: " + arg, usage);
            }
            String value = null;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Flag<O, ?> flag = byName.get(name);
            if (flag == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new CommandLineExit(help, usage.get());
                }
                throw usageError("flag provided but not defined: -" + name, usage);
            }
            if (value == null) {
                if (!flag.type().takesValue()) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw usageError("flag needs an argument: -" + name, usage);
                }
            }
            visitor.visit(flag, value);
        }
        return args.length;
    }

    /**
     * Go's usage text: {@code Usage of <app>:} then every flag, sorted, with its type, help and default; a one-letter
     * bool flag has its help on the same line, as Go prints it.
     */
    static <O> String usage(String app, List<Flag<O, ?>> flags, O defaults) {
        StringBuilder usage = new StringBuilder("Usage of " + app + ":");
        flags.stream().sorted(Comparator.comparing(Flag::name)).forEach(flag -> {
            int start = usage.length() + 1;
            usage.append("\n  -").append(flag.name());
            String help = flag.usage();
            String typeName = flag.type().usageName();
            // Go's flag.UnquoteUsage: a `name` in the help is the value's name, shown without its back quotes
            int open = help.indexOf('`');
            int close = open < 0 ? -1 : help.indexOf('`', open + 1);
            if (close > 0) {
                typeName = help.substring(open + 1, close);
                help = help.substring(0, open) + typeName + help.substring(close + 1);
            }
            if (!typeName.isEmpty()) {
                usage.append(' ').append(typeName);
            }
            usage.append(usage.length() - start <= 4 ? "\t" : "\n    \t").append(help);
            String usageDefault = flag.usageDefault(defaults);
            if (usageDefault != null) {
                usage.append(" (default ").append(usageDefault).append(')');
            }
        });
        return usage.toString();
    }

    /** A syntax error: Go prints the message, then the usage, and exits with status 2. */
    static CommandLineExit usageError(String message, Supplier<String> usage) {
        return new CommandLineExit(Kind.USAGE, message + "\n" + usage.get());
    }
}
