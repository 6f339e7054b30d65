package io.jnsq.nsqd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/** NSQ's default node ID and the OS hostname it is derived from. */
public final class NodeId {
    private NodeId() {
    }

    /** CRC32 (IEEE) of the MD5 digest of the hostname, mod 1024: the default {@code --node-id}. */
    static int defaultNodeId() {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(hostname().getBytes(StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            crc.update(md5);
            return (int) (crc.getValue() % 1024);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** The OS hostname, as Go's {@code os.Hostname()} reports it. */
    public static String hostname() {
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
