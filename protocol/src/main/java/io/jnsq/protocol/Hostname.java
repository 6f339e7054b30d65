package io.jnsq.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The machine's name as NSQ reports it (the daemons' IDENTIFY and {@code /info}, clients' hostname and client_id). */
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
