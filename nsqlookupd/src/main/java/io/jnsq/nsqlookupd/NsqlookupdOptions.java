package io.jnsq.nsqlookupd;

import io.jnsq.protocol.Hostname;
import java.time.Duration;

/**
 * Every nsqlookupd option, named after NSQ's flags and holding NSQ's defaults. Set the fields, then pass the options
 * to {@link Nsqlookupd}; they must not change once it has started. A port of 0 in an address binds any free port
 * (tests use {@code 127.0.0.1:0}).
 */
public final class NsqlookupdOptions {
    /** debug, info, warn, error or fatal. */
    public String logLevel = "info";
    public String logPrefix = "[nsqlookupd] ";
    /** Protocol V1, for nsqd. */
    public String tcpAddress = "0.0.0.0:4160";
    public String httpAddress = "0.0.0.0:4161";
    /** The address nsqlookupd tells nsqd in its IDENTIFY reply, which nsqd then queries over HTTP. */
    public String broadcastAddress = Hostname.os();
    /** A producer whose last IDENTIFY or PING is older is left out of {@code /lookup} and {@code /nodes}. */
    public Duration inactiveProducerTimeout = Duration.ofMinutes(5);
    /** How long {@code /topic/tombstone} hides a producer from {@code /lookup}. */
    public Duration tombstoneLifetime = Duration.ofSeconds(45);
}
