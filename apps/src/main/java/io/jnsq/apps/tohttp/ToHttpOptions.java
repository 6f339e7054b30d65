package io.jnsq.apps.tohttp;

import io.jnsq.apps.tools.ConfigFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** nsq_to_http's options, each named after its flag, holding NSQ's defaults. */
public final class ToHttpOptions {
    /** How a message's endpoint is picked, as NSQ's {@code --mode} selects it. */
    public enum Mode {
        /** Any {@code --mode} NSQ does not name: every message to every address, all must succeed. */
        ALL,
        /** {@code round-robin}: one address per message, in turn. */
        ROUND_ROBIN,
        /** {@code hostpool} (the default) and {@code epsilon-greedy}: in turn over the addresses not marked dead. */
        HOST_POOL
    }

    /** {@code --version}. */
    public boolean version;
    /** {@code --topic}. */
    public String topic = "";
    /** {@code --channel}. */
    public String channel = "nsq_to_http";
    /** {@code --nsqd-tcp-address}, repeatable. */
    public final List<String> nsqdTcpAddresses = new ArrayList<>();
    /** {@code --lookupd-http-address}, repeatable. */
    public final List<String> lookupdHttpAddresses = new ArrayList<>();
    /** {@code --consumer-opt}, repeatable, in order. */
    public final List<ConfigFlag> consumerOptions = new ArrayList<>();
    /** {@code --max-in-flight}. */
    public int maxInFlight = 200;
    /** {@code --n}: concurrent handlers (publishers). */
    public int publishers = 100;
    /** {@code --post}, repeatable. */
    public final List<String> postAddresses = new ArrayList<>();
    /** {@code --get}, repeatable: each holds one {@code %s}. */
    public final List<String> getAddresses = new ArrayList<>();
    /** {@code --header}, repeatable, as given ({@code Name: value}). */
    public final List<String> headerFlags = new ArrayList<>();
    /** {@code --content-type}: POST's Content-Type. */
    public String contentType = ToHttpCommandLine.DEFAULT_CONTENT_TYPE;
    /** {@code --mode}, as given. */
    public String mode = "hostpool";
    /** {@code --sample}: the fraction of messages sent. */
    public double sample = 1.0;
    /** {@code --http-client-connect-timeout}. */
    public Duration httpConnectTimeout = Duration.ofSeconds(2);
    /** {@code --http-client-request-timeout}. */
    public Duration httpRequestTimeout = Duration.ofSeconds(20);
    /** {@code --status-every}: requests between timing lines, 0 for none. */
    public int statusEvery = 250;

    // resolved by the command line
    /** The mode {@link #mode} selects. */
    public Mode selectedMode = Mode.HOST_POOL;
    /** The custom headers by name, read from {@link #headerFlags} (a later one of a name wins). */
    public final Map<String, String> headers = new LinkedHashMap<>();

    /** Whether messages are POSTed (else sent with GET). */
    public boolean post() {
        return !postAddresses.isEmpty();
    }

    /** The endpoints: the POST addresses, or the GET templates. */
    public List<String> addresses() {
        return post() ? postAddresses : getAddresses;
    }
}
