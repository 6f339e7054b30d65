package io.jnsq.apps.cli;

import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import io.jnsq.protocol.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The kinds of flag NSQ's tools declare, as Go's flag package and NSQ's {@code internal/app} make them. */
public final class ToolFlags {
    /** Go's {@code flag.String}: the usage shows a default as Go's {@code %q} does ({@code "\n"}). */
    public static final FlagType<String> STRING = new FlagType<>("string", true, text -> text,
            value -> value.isEmpty() ? null : goQuote(value), String::valueOf, value -> value);
    /** NSQ's {@code app.StringArray}, one occurrence: {@code value} in the usage, no default shown. */
    private static final FlagType<String> STRING_ARRAY = new FlagType<>("value", true, text -> text,
            value -> null, String::valueOf, value -> value);

    private ToolFlags() {
    }

    /** {@code --version}: print the version string, bound to the options' {@code version} field. */
    public static <O> Flag<O, Boolean> version(Function<O, Boolean> getter, BiConsumer<O, Boolean> setter) {
        return Flag.of("version", FlagType.BOOL, getter, setter, "print version string");
    }

    /**
     * A flag that may be given multiple times, each occurrence one more element of a list, commas and all (NSQ's
     * {@code app.StringArray}); the usage shows no default.
     */
    public static <O> Flag<O, String> strings(String name, Function<O, List<String>> list, String usage) {
        return repeatable(name, STRING_ARRAY, list, usage);
    }

    /** A repeatable flag of any type: each occurrence's value appended to the list. */
    public static <O, T> Flag<O, T> repeatable(String name, FlagType<T> type, Function<O, List<T>> list,
                                               String usage) {
        return new Flag<>(name, null, type, null, (options, value) -> list.apply(options).add(value), usage);
    }

    /** Go's {@code %q} of a string from the command line (UTF-8 bytes, as Go holds it). */
    static String goQuote(String text) {
        return GoQuote.quote(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
}
