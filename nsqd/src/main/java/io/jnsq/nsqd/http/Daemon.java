package io.jnsq.nsqd.http;

import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.auth.AuthServers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What nsqd's HTTP API answers for beyond the {@link Broker}: the daemon's addresses, options and auth servers, and
 * what {@code /config} reads and changes. The server implements it.
 */
public interface Daemon {
    Broker broker();

    NsqdOptions options();

    /** The auth servers, or {@code null} when auth is disabled. */
    AuthServers authServers();

    /** The bound TCP address, or {@code null} until bound. */
    InetSocketAddress tcpAddress();

    /** The bound HTTP address, or {@code null} when HTTP is disabled. */
    InetSocketAddress httpAddress();

    /** An option by NSQ's config name, as {@code GET /config/:opt} shows it. */
    Optional<Object> configValue(String name);

    /** {@code PUT /config/log_level}. */
    void setLogLevel(String logLevel);

    /** {@code PUT /config/nsqlookupd_tcp_addresses}. */
    void setNsqlookupdTcpAddresses(List<String> addresses);

    /** {@code PUT /config/shutdown}. */
    void requestExit();
}
