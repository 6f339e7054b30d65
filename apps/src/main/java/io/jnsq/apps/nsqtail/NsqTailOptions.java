package io.jnsq.apps.nsqtail;

import io.jnsq.apps.tools.ConfigFlag;
import java.util.ArrayList;
import java.util.List;

/** nsq_tail's options, each named after its flag, holding NSQ's defaults. */
public final class NsqTailOptions {
    /** {@code --version}. */
    public boolean version;
    /** {@code --topic}, repeatable: one consumer each. */
    public final List<String> topics = new ArrayList<>();
    /** {@code --channel}; empty until the command line picks NSQ's random {@code tailNNNNNN#ephemeral}. */
    public String channel = "";
    /** {@code --nsqd-tcp-address}, repeatable. */
    public final List<String> nsqdTcpAddresses = new ArrayList<>();
    /** {@code --lookupd-http-address}, repeatable. */
    public final List<String> lookupdHttpAddresses = new ArrayList<>();
    /** {@code --max-in-flight}. */
    public int maxInFlight = 200;
    /** {@code --n}: messages to show before exiting; 0 for no end. */
    public int totalMessages;
    /** {@code --print-topic}: each line starts with {@code <topic> | }. */
    public boolean printTopic;
    /** {@code --consumer-opt}, repeatable, in order. */
    public final List<ConfigFlag> consumerOptions = new ArrayList<>();
}
