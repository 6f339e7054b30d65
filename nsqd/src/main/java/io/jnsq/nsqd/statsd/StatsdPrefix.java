package io.jnsq.nsqd.statsd;

/**
 * NSQ's statsd key prefix: {@code --statsd-prefix} with every {@code %s} replaced by this node's host key, and a
 * {@code .} appended if it does not end with one, so that {@code nsq.%s} becomes {@code nsq.127_0_0_1_4151.}. An
 * empty prefix stays empty.
 */
final class StatsdPrefix {
    private StatsdPrefix() {
    }

    static String of(String flag, String broadcastAddress, int broadcastHttpPort) {
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
        String joined = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        return joined.replace('.', '_').replace(':', '_');
    }
}
