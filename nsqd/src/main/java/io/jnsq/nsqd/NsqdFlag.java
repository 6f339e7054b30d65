package io.jnsq.nsqd;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One nsqd command line flag as NSQ declares it.
 *
 * @param name the flag without dashes, e.g. {@code tcp-address}
 * @param configKey the TOML key, or null when the config file cannot set it ({@code --version}, deprecated flags)
 * @param getter reads the option, for the default shown in the usage text; null for flags without an option
 * @param setter applies one occurrence; repeatable flags append to the (initially empty) list
 */
record NsqdFlag<T>(String name, String configKey, FlagType<T> type, Function<NsqdOptions, T> getter,
                   BiConsumer<NsqdOptions, T> setter, String usage) {

    /** A flag bound to an option, with NSQ's default config key: the flag name with {@code -} turned into {@code _}. */
    static <T> NsqdFlag<T> of(String name, FlagType<T> type, Function<NsqdOptions, T> getter,
                              BiConsumer<NsqdOptions, T> setter, String usage) {
        return new NsqdFlag<>(name, name.replace('-', '_'), type, getter, setter, usage);
    }

    /** A flag bound to an option whose config key is not derived from the flag name (NSQ's {@code cfg} tag). */
    static <T> NsqdFlag<T> of(String name, String configKey, FlagType<T> type, Function<NsqdOptions, T> getter,
                              BiConsumer<NsqdOptions, T> setter, String usage) {
        return new NsqdFlag<>(name, configKey, type, getter, setter, usage);
    }

    /** A flag that sets no option: read by the command line itself, or accepted and ignored. */
    static <T> NsqdFlag<T> unbound(String name, FlagType<T> type, String usage) {
        return new NsqdFlag<>(name, null, type, null, (options, value) -> { }, usage);
    }

    /**
     * Parses every occurrence, in order, into the options: the last one wins, or all accumulate for a repeatable
     * flag.
     *
     * @throws InvalidFlagValue naming the first occurrence that does not parse
     */
    void apply(NsqdOptions options, List<String> occurrences) throws InvalidFlagValue {
        for (String text : occurrences) {
            T value;
            try {
                value = type.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidFlagValue(text, e.getMessage());
            }
            setter.accept(options, value);
        }
    }

    /** The default as Go's usage text shows it, or null when it shows none. */
    String usageDefault(NsqdOptions defaults) {
        return getter == null ? null : type.usageDefault().apply(getter.apply(defaults));
    }

    /** Whether the flag sets an option, which /config/:opt then shows under {@link #configKey}. */
    boolean isBound() {
        return getter != null;
    }

    /** The option's value as NSQ's {@code GET /config/:opt} encodes it; only for a bound flag. */
    Object json(NsqdOptions options) {
        return type.json().apply(getter.apply(options));
    }

    /** A flag's text that does not parse, and why. */
    static final class InvalidFlagValue extends Exception {
        final String text;
        final String reason;

        InvalidFlagValue(String text, String reason) {
            super(reason, null, false, false);
            this.text = text;
            this.reason = reason;
        }
    }
}
