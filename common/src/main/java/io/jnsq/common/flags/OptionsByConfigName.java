package io.jnsq.common.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A daemon's options by NSQ's config names, as {@code GET /config/:opt} reads them (NSQ's {@code getOptByCfgName}):
 * every option that a flag sets, named by its config key, with the value NSQ's field holds (see
 * {@link Flag#json}). The list is the flag table's.
 *
 * @param <O> the daemon's options
 */
public final class OptionsByConfigName<O> {
    private final Map<String, Flag<O, ?>> byName = new LinkedHashMap<>();

    public OptionsByConfigName(List<Flag<O, ?>> flags) {
        for (Flag<O, ?> flag : flags) {
            if (flag.isBound()) {
                byName.put(flag.configKey(), flag);
            }
        }
    }

    /** Every name, in the flag table's order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The option's value, or empty for a name that is not an option. */
    public Optional<Object> value(O options, String name) {
        Flag<O, ?> flag = byName.get(name);
        return flag == null ? Optional.empty() : Optional.of(flag.json(options));
    }
}
