package io.jnsq.apps.tools;

import io.jnsq.apps.cli.ToolFlags;
import io.jnsq.client.Config;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import java.util.List;
import java.util.function.Function;

/**
 * One {@code --consumer-opt} or {@code --producer-opt}, as go-nsq's {@code nsq.ConfigFlag} reads it: {@code key,value}
 * sets the client option named {@code key} (go-nsq's {@code opt} names, {@code -} read as {@code _}) to the text after
 * the first comma; a key alone sets it to {@code true}. The value is checked as the flag is read, with go-nsq's
 * message ({@code invalid option foo}, {@code invalid max_in_flight ! -1 < 0}), so a bad one is a flag error.
 *
 * @param option the option's name as given
 * @param value its text
 */
public record ConfigFlag(String option, String value) {
    /** The flag type: usage {@code value}, no default shown. */
    public static final FlagType<ConfigFlag> TYPE = new FlagType<>("value", true, ConfigFlag::parse,
            flag -> null, String::valueOf, flag -> flag.option + "," + flag.value);

    /**
     * Reads {@code key,value} or {@code key}, and checks it against go-nsq's option table.
     *
     * @throws IllegalArgumentException with go-nsq's message for an unknown option or a value it refuses
     */
    public static ConfigFlag parse(String text) {
        int comma = text.indexOf(',');
        ConfigFlag flag = comma < 0 ? new ConfigFlag(text, "true")
                : new ConfigFlag(text.substring(0, comma), text.substring(comma + 1));
        flag.applyTo(Config.builder());
        return flag;
    }

    /** A repeatable {@code --consumer-opt} or {@code --producer-opt} flag, collecting into {@code list}. */
    public static <O> Flag<O, ConfigFlag> flag(String name, Function<O, List<ConfigFlag>> list, String usage) {
        return ToolFlags.repeatable(name, TYPE, list, usage);
    }

    /** Sets the option, as go-nsq's {@code Config.Set}. */
    public Config.Builder applyTo(Config.Builder builder) {
        return builder.set(option, value);
    }
}
