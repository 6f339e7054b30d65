package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.tools.ConfigFlag;
import java.util.ArrayList;
import java.util.List;

/** nsq_to_nsq's options, each named after its flag, holding NSQ's defaults. */
public final class NsqToNsqOptions {
    /** {@code --version}. */
    public boolean version;
    /** {@code --topic}, repeatable: one consumer each. */
    public final List<String> topics = new ArrayList<>();
    /** {@code --channel}. */
    public String channel = "nsq_to_nsq";
    /** {@code --destination-topic}; empty: each message goes to a topic named as its source topic. */
    public String destinationTopic = "";
    /** {@code --max-in-flight}. */
    public int maxInFlight = 200;
    /** {@code --status-every}: requests between timing logs (per destination); 0 disables. */
    public int statusEvery = 250;
    /**
     * {@code --mode}: {@code round-robin}, {@code hostpool} or {@code epsilon-greedy}; anything else is
     * round-robin.
     */
    public String mode = "hostpool";
    /** {@code --nsqd-tcp-address}, repeatable. */
    public final List<String> nsqdTcpAddresses = new ArrayList<>();
    /** {@code --lookupd-http-address}, repeatable. */
    public final List<String> lookupdHttpAddresses = new ArrayList<>();
    /** {@code --destination-nsqd-tcp-address}, repeatable. */
    public final List<String> destinationNsqdTcpAddresses = new ArrayList<>();
    /** {@code --whitelist-json-field}, repeatable. */
    public final List<String> whitelistJsonFields = new ArrayList<>();
    /** {@code --require-json-field}. */
    public String requireJsonField = "";
    /** {@code --require-json-value}. */
    public String requireJsonValue = "";
    /** {@code --consumer-opt}, repeatable, in order. */
    public final List<ConfigFlag> consumerOptions = new ArrayList<>();
    /** {@code --producer-opt}, repeatable, in order. */
    public final List<ConfigFlag> producerOptions = new ArrayList<>();

    /** Whether {@code --mode} picks go-hostpool's choice (hostpool, epsilon-greedy) rather than round-robin. */
    public boolean hostPoolMode() {
        return mode.equals("hostpool") || mode.equals("epsilon-greedy");
    }
}
