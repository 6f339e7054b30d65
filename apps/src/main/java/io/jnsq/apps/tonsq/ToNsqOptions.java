package io.jnsq.apps.tonsq;

import io.jnsq.apps.tools.ConfigFlag;
import java.util.ArrayList;
import java.util.List;

/** to_nsq's options, each named after its flag, holding NSQ's defaults. */
public final class ToNsqOptions {
    /** {@code --topic}. */
    public String topic = "";
    /** {@code --delimiter}: one byte. */
    public String delimiter = "\n";
    /** {@code --nsqd-tcp-address}, repeatable: every record goes to every one. */
    public final List<String> nsqdTcpAddresses = new ArrayList<>();
    /** {@code --producer-opt}, repeatable, in order. */
    public final List<ConfigFlag> producerOptions = new ArrayList<>();
    /** {@code --rate}: records per second at most; below 1 for no limit. */
    public long rate;
}
