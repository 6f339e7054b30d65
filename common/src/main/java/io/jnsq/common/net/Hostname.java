package io.jnsq.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The machine's name as NSQ's daemons report it (IDENTIFY, {@code /info}) and default their broadcast address to. */
public final class Hostname {
    private Hostname() {
    }

    /** The OS hostname, as Go's {@code os.Hostname()} reports it. */
    public static String os() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
