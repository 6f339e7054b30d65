package io.jnsq.nsqlookupd;

import static io.jnsq.common.flags.FlagType.BOOL;
import static io.jnsq.common.flags.FlagType.DURATION;
import static io.jnsq.common.flags.FlagType.LOG_LEVEL;
import static io.jnsq.common.flags.FlagType.STRING;

import io.jnsq.common.flags.Flag;
import java.util.List;

/** Every flag of nsqlookupd v1.3.0, in NSQ's order, with its config key and the option it sets. */
public final class NsqlookupdFlags {
    public static final Flag<NsqlookupdOptions, Boolean> VERSION =
            Flag.unbound("version", BOOL, "print version string");
    public static final Flag<NsqlookupdOptions, String> CONFIG = Flag.unbound("config", STRING, "path to config file");

    public static final List<Flag<NsqlookupdOptions, ?>> ALL = List.of(
            CONFIG,
            VERSION,
            Flag.of("log-level", LOG_LEVEL, o -> o.logLevel, (o, v) -> o.logLevel = v,
                    "set log verbosity: debug, info, warn, error, or fatal"),
            Flag.of("log-prefix", STRING, o -> o.logPrefix, (o, v) -> o.logPrefix = v, "log message prefix"),
            Flag.unbound("verbose", BOOL, "[deprecated] has no effect, use --log-level"),
            Flag.of("tcp-address", STRING, o -> o.tcpAddress, (o, v) -> o.tcpAddress = v,
                    "<addr>:<port> to listen on for TCP clients"),
            Flag.of("http-address", STRING, o -> o.httpAddress, (o, v) -> o.httpAddress = v,
                    "<addr>:<port> to listen on for HTTP clients"),
            Flag.of("broadcast-address", STRING, o -> o.broadcastAddress, (o, v) -> o.broadcastAddress = v,
                    "address of this lookupd node, (default to the OS hostname)"),
            Flag.of("inactive-producer-timeout", DURATION, o -> o.inactiveProducerTimeout,
                    (o, v) -> o.inactiveProducerTimeout = v,
                    "duration of time a producer will remain in the active list since its last ping"),
            Flag.of("tombstone-lifetime", DURATION, o -> o.tombstoneLifetime, (o, v) -> o.tombstoneLifetime = v,
                    "duration of time a producer will remain tombstoned if registration remains"));

    private NsqlookupdFlags() {
    }
}
