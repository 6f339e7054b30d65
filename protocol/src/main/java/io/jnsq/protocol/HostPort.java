package io.jnsq.protocol;

import java.net.InetSocketAddress;

/**
 * NSQ's addresses: {@code host:port}, {@code [v6]:port} or {@code :port}. An empty host means every interface
 * to a listener and this machine to a client, as in Go.
 *
 * @param host the host, without brackets; empty when none was given
 * @param port the port, 0 to 65535
 */
public record HostPort(String host, int port) {

    /**
     * Parses an address option.
     *
     * @throws IllegalArgumentException with Go's wording when the port is missing or invalid
     */
    public static HostPort parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + ": invalid port", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
        return new HostPort(host, port);
    }

    /** Where a listener binds: every interface when the host is empty. */
    public InetSocketAddress listenAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** Where a client connects: this machine when the host is empty. */
    public InetSocketAddress dialAddress() {
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }
}
