package io.jnsq.nsqadmin;

import io.jnsq.protocol.HostPort;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every nsqadmin option, named after NSQ's flags and holding NSQ's defaults. Set the fields, then pass the options to
 * {@link Nsqadmin}; they must not change once it has started (nsqadmin itself changes the nsqlookupd addresses and
 * the log level on {@code PUT /config/:opt}).
 */
public final class NsqadminOptions {
    public String logLevel = "info";
    public String logPrefix = "[nsqadmin] ";
    public String httpAddress = "0.0.0.0:4171";
    /** The URL prefix of every route; normalized at start (a leading {@code /}, cleaned as Go's path.Clean). */
    public String basePath = "/";
    /** Where the UI's assets are read from instead of the classpath (UI development). */
    public String devStaticDir = "";
    /** Graphite's base URL; graphs are shown only when set. */
    public String graphiteUrl = "";
    /** Proxies {@code GET <base>/render} to graphite, so browsers need not reach it. */
    public boolean proxyGraphite;
    public String statsdCounterFormat = "stats.counters.%s.count";
    public String statsdGaugeFormat = "stats.gauges.%s";
    /** Must match nsqd's {@code --statsd-prefix}. */
    public String statsdPrefix = "nsq.%s";
    /** Must match nsqd's {@code --statsd-interval}. */
    public Duration statsdInterval = Duration.ofSeconds(60);
    /** Where each admin action is POSTed as JSON; empty for none. */
    public String notificationHttpEndpoint = "";
    public Duration httpClientConnectTimeout = Duration.ofSeconds(2);
    public Duration httpClientRequestTimeout = Duration.ofSeconds(5);
    public boolean httpClientTlsInsecureSkipVerify;
    public String httpClientTlsRootCaFile = "";
    public String httpClientTlsCert = "";
    public String httpClientTlsKey = "";
    /** Only these remote addresses may use {@code /config/:opt}; empty for anyone. */
    public String allowConfigFromCidr = "127.0.0.1/8";
    /** The request header that names the (already authenticated) user. */
    public String aclHttpHeader = "X-Forwarded-User";
    /** When not empty, only these users may perform admin actions. */
    public List<String> adminUsers = new ArrayList<>();
    public List<String> nsqlookupdHttpAddresses = new ArrayList<>();
    public List<String> nsqdHttpAddresses = new ArrayList<>();
    /** How often the charts' history polls the nsqd (our extension, no NSQ flag; tests poll faster). */
    public Duration historyInterval = Duration.ofSeconds(5);
    /** How many polls the history keeps: an hour at the default interval. */
    public int historyPolls = 720;

    /** Checks what NSQ checks at start; the message is NSQ's (the binary prefixes it). */
    public void validate() {
        if (nsqlookupdHttpAddresses.isEmpty() && nsqdHttpAddresses.isEmpty()) {
            throw new IllegalArgumentException("--nsqd-http-address or --lookupd-http-address required");
        }
        if (!nsqlookupdHttpAddresses.isEmpty() && !nsqdHttpAddresses.isEmpty()) {
            throw new IllegalArgumentException("use --nsqd-http-address or --lookupd-http-address not both");
        }
        if (httpClientTlsCert.isEmpty() != httpClientTlsKey.isEmpty()) {
            throw new IllegalArgumentException(
                    "--http-client-tls-cert and --http-client-tls-key must both be provided");
        }
        for (String address : nsqdHttpAddresses) {
            checkAddress("--nsqd-http-address", address);
        }
        for (String address : nsqlookupdHttpAddresses) {
            checkAddress("--lookupd-http-address", address);
        }
        if (proxyGraphite) {
            try {
                URI.create(graphiteUrl).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                throw new IllegalArgumentException("failed to parse --graphite-url - " + e.getMessage());
            }
        }
        if (!allowConfigFromCidr.isEmpty()) {
            try {
                Cidr.parse(allowConfigFromCidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("failed to parse --allow-config-from-cidr - " + e.getMessage());
            }
        }
    }

    /** NSQ resolves every upstream address at start, so that a typo fails there rather than at every request. */
    private static void checkAddress(String flag, String address) {
        try {
            resolve(HostPort.parse(address).host());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to resolve " + flag + " address (" + address + ") - "
                    + e.getMessage());
        }
    }

    /**
     * Looks a host name up as Go's resolver would. An IP literal is only checked for its form (the JDK asks no DNS
     * for one); no host and {@code localhost} are this machine.
     */
    private static void resolve(String host) {
        if (host.isEmpty() || host.equals("localhost")) {
            return;
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("lookup " + host + ": no such host", e);
        }
    }
}
