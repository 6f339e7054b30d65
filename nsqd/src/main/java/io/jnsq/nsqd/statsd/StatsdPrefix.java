package io.jnsq.nsqd.statsd;

import io.jnsq.protocol.HostPort;

/**
 * NSQ's statsd key prefix: {@code --statsd-prefix} with every {@code %s} replaced by this node's host key, and a
 * {@code .} appended if it does not end with one, so that {@code nsq.%s} becomes {@code nsq.127_0_0_1_4151.}. An
 * empty prefix stays empty.
 */
public final class StatsdPrefix {
    private StatsdPrefix() {
    }

    /** The prefix of {@code --statsd-prefix} for the node at {@code broadcastAddress:broadcastHttpPort}. */
    public static String of(String flag, String broadcastAddress, int broadcastHttpPort) {
        if (flag.isEmpty()) {
            return "";
        }
        String prefix = flag.replace("%s", hostKey(broadcastAddress, broadcastHttpPort));
        return prefix.endsWith(".") ? prefix : prefix + ".";
    }

    /**
     * Go's {@code net.JoinHostPort} (brackets around an IPv6 host), then NSQ's {@code statsd.HostKey}: {@code .}
     * and {@code :} become {@code _}, so that the address is one segment of a graphite path.
     */
    static String hostKey(String host, int port) {
        return new HostPort(host, port).joined().replace('.', '_').replace(':', '_');
    }
}
