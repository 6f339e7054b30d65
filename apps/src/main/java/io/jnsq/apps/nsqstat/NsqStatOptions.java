package io.jnsq.apps.nsqstat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** nsq_stat's options, each named after its flag, holding NSQ's defaults. */
public final class NsqStatOptions {
    /** {@code --version}. */
    public boolean version;
    /** {@code --topic}. */
    public String topic = "";
    /** {@code --channel}. */
    public String channel = "";
    /** {@code --nsqd-http-address}, repeatable. */
    public final List<String> nsqdHttpAddresses = new ArrayList<>();
    /** {@code --lookupd-http-address}, repeatable. */
    public final List<String> lookupdHttpAddresses = new ArrayList<>();
    /** {@code --interval}: between polls, and the divisor of the rates. */
    public Duration interval = Duration.ofSeconds(2);
    /** {@code --count}: rows to print before exiting; null (unset) for no end. */
    public Integer count;
    /** {@code --http-client-connect-timeout}. */
    public Duration httpConnectTimeout = Duration.ofSeconds(2);
    /** {@code --http-client-request-timeout}. */
    public Duration httpRequestTimeout = Duration.ofSeconds(5);
}
