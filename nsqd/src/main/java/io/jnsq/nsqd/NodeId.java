package io.jnsq.nsqd;

import io.jnsq.common.net.Hostname;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/** NSQ's default node ID, derived from the OS hostname. */
public final class NodeId {
    private NodeId() {
    }

    /** CRC32 (IEEE) of the MD5 digest of the hostname, mod 1024: the default {@code --node-id}. */
    public static int defaultNodeId() {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(Hostname.os().getBytes(StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            crc.update(md5);
            return (int) (crc.getValue() % 1024);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
