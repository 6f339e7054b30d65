package io.jnsq.nsqd;

import io.jnsq.common.flags.OptionsByConfigName;
import java.util.List;
import java.util.Optional;

/**
 * nsqd's options by NSQ's config names, as {@code GET /config/:opt} reads them (NSQ's {@code getOptByCfgName}):
 * every option that a flag sets, named by its config key ({@code id}, {@code nsqlookupd_tcp_addresses},
 * {@code mem_queue_size}), with the value NSQ's field holds: a string as it is (NSQ's V1 responder sends a string
 * raw, unquoted), anything else as Go's encoding/json would write it. The list is the flag table's.
 */
public final class ConfigOptions {
    private static final OptionsByConfigName<NsqdOptions> BY_NAME = new OptionsByConfigName<>(NsqdFlags.ALL);

    private ConfigOptions() {
    }

    /** Every name, in the flag table's order. */
    public static List<String> names() {
        return BY_NAME.names();
    }

    /** The option's value, or empty for a name that is not an option. */
    public static Optional<Object> value(NsqdOptions options, String name) {
        return BY_NAME.value(options, name);
    }
}
