package io.jnsq.protocol;

import java.net.InetSocketAddress;
import java.util.Arrays;

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

    /** Go's {@code addr.String()} of a socket address: {@code ip:port}, {@code [ipv6]:port} (RFC 5952 form). */
    public static String format(InetSocketAddress address) {
        String ip = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        return (ip.indexOf(':') >= 0 ? "[" + compressIpv6(ip) + "]" : ip) + ":" + address.getPort();
    }

    /** Java writes every group ({@code 0:0:0:0:0:0:0:1}); Go elides the longest run of zero groups ({@code ::1}). */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    /** Go's {@code net.JoinHostPort}: {@code host:port}, an IPv6 host in brackets. */
    public String joined() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
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
