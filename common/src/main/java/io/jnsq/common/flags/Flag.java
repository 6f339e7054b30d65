package io.jnsq.common.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One command line flag as NSQ declares it, setting a field of the daemon's options {@code O}.
 *
 * @param name the flag without dashes, e.g. {@code tcp-address}
 * @param configKey the TOML key, or null when the config file cannot set it ({@code --version}, deprecated flags)
 * @param getter reads the option, for the default shown in the usage text; null for flags without an option
 * @param setter applies one occurrence; repeatable flags append to the (initially empty) list
 */
public record Flag<O, T>(String name, String configKey, FlagType<T> type, Function<O, T> getter,
                         BiConsumer<O, T> setter, String usage) {

    /** A flag bound to an option, with NSQ's default config key: the flag name with {@code -} turned into {@code _}. */
    public static <O, T> Flag<O, T> of(String name, FlagType<T> type, Function<O, T> getter,
                                       BiConsumer<O, T> setter, String usage) {
        return new Flag<>(name, name.replace('-', '_'), type, getter, setter, usage);
    }

    /** A flag bound to an option whose config key is not derived from the flag name (NSQ's {@code cfg} tag). */
    public static <O, T> Flag<O, T> of(String name, String configKey, FlagType<T> type, Function<O, T> getter,
                                       BiConsumer<O, T> setter, String usage) {
        return new Flag<>(name, configKey, type, getter, setter, usage);
    }

    /** A flag that sets no option: read by the command line itself, or accepted and ignored. */
    public static <O, T> Flag<O, T> unbound(String name, FlagType<T> type, String usage) {
        return new Flag<>(name, null, type, null, (options, value) -> { }, usage);
    }

    /**
     * Parses every occurrence, in order: what {@link Parsed#applyTo} then sets, the last one winning or all
     * accumulating for a repeatable flag.
     *
     * @throws InvalidFlagValue naming the first occurrence that does not parse
     */
    public Parsed<O, T> parse(List<String> occurrences) throws InvalidFlagValue {
        List<T> values = new ArrayList<>(occurrences.size());
        for (String text : occurrences) {
            try {
                values.add(type.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidFlagValue(text, e.getMessage());
            }
        }
        return new Parsed<>(this, values);
    }

    /** A flag's values, parsed; nothing is set until {@link #applyTo}. */
    public record Parsed<O, T>(Flag<O, T> flag, List<T> values) {
        /** Sets the values into the options, in order. */
        public void applyTo(O options) {
            for (T value : values) {
                flag.setter().accept(options, value);
            }
        }
    }

    /** The default as Go's usage text shows it, or null when it shows none. */
    public String usageDefault(O defaults) {
        return getter == null ? null : type.usageDefault().apply(getter.apply(defaults));
    }

    /** Whether the flag sets an option, which /config/:opt then shows under {@link #configKey}. */
    public boolean isBound() {
        return getter != null;
    }

    /** The option's value as NSQ's {@code GET /config/:opt} encodes it; only for a bound flag. */
    public Object json(O options) {
        return type.json().apply(getter.apply(options));
    }

    /** A flag's text that does not parse, and why. */
    public static final class InvalidFlagValue extends Exception {
        /** The flag's text as given. */
        public final String text;
        /** Go's reason, e.g. {@code parse error}. */
        public final String reason;

        InvalidFlagValue(String text, String reason) {
            super(reason, null, false, false);
            this.text = text;
            this.reason = reason;
        }
    }
}
