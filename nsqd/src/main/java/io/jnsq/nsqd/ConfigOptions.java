package io.jnsq.nsqd;

import io.jnsq.common.flags.Flag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nsqd's options by NSQ's config names, as {@code GET /config/:opt} reads them (NSQ's {@code getOptByCfgName}):
 * every option that a flag sets, named by its config key ({@code id}, {@code nsqlookupd_tcp_addresses},
 * {@code mem_queue_size}), with the value NSQ's field holds: a string as it is (NSQ's V1 responder sends a string
 * raw, unquoted), anything else as Go's encoding/json would write it. The list is the flag table's.
 */
public final class ConfigOptions {
    private static final Map<String, Flag<NsqdOptions, ?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Flag<NsqdOptions, ?> flag : NsqdFlags.ALL) {
            if (flag.isBound()) {
                BY_NAME.put(flag.configKey(), flag);
            }
        }
    }

    private ConfigOptions() {
    }

    /** Every name, in the flag table's order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The option's value, or empty for a name that is not an option. */
    public static Optional<Object> value(NsqdOptions options, String name) {
        Flag<NsqdOptions, ?> flag = BY_NAME.get(name);
        return flag == null ? Optional.empty() : Optional.of(flag.json(options));
    }
}
