package io.jnsq.nsqd;

import io.jnsq.protocol.Hostname;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** NSQ's default node ID, derived from the OS hostname. */
public final class NodeId {
    /** Per-round left rotations of MD5 (RFC 1321), four per round. */
    private static final int[] SHIFTS = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    /** MD5's additive constants, {@code floor(abs(sin(i + 1)) * 2^32)}. */
    private static final int[] SINES = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            SINES[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    private NodeId() {
    }

    /** CRC32 (IEEE) of the MD5 digest of the hostname, mod 1024: the default {@code --node-id}. */
    public static int defaultNodeId() {
        CRC32 crc = new CRC32();
        crc.update(md5(Hostname.os().getBytes(StandardCharsets.UTF_8)));
        return (int) (crc.getValue() % 1024);
    }

    /**
     * MD5 (RFC 1321). Not the JDK's {@code MessageDigest}: looking it up starts the JDK's whole security provider
     * machinery, which cost nsqd 25 to 30 ms of its start, to hash one hostname.
     */
    static byte[] md5(byte[] input) {
        int blocks = (input.length + 8) / 64 + 1;
        byte[] padded = new byte[blocks * 64];
        System.arraycopy(input, 0, padded, 0, input.length);
        padded[input.length] = (byte) 0x80;
        long bits = (long) input.length * 8;
        for (int i = 0; i < 8; i++) {
            padded[padded.length - 8 + i] = (byte) (bits >>> (8 * i));
        }
        int a0 = 0x67452301;
        int b0 = 0xefcdab89;
        int c0 = 0x98badcfe;
        int d0 = 0x10325476;
        int[] words = new int[16];
        for (int block = 0; block < blocks; block++) {
            for (int i = 0; i < 16; i++) {
                int at = block * 64 + i * 4;
                words[i] = (padded[at] & 0xff) | (padded[at + 1] & 0xff) << 8 | (padded[at + 2] & 0xff) << 16
                        | (padded[at + 3] & 0xff) << 24;
            }
            int a = a0;
            int b = b0;
            int c = c0;
            int d = d0;
            for (int i = 0; i < 64; i++) {
                int f;
                int g;
                switch (i / 16) {
                    case 0 -> {
                        f = (b & c) | (~b & d);
                        g = i;
                    }
                    case 1 -> {
                        f = (d & b) | (~d & c);
                        g = (5 * i + 1) % 16;
                    }
                    case 2 -> {
                        f = b ^ c ^ d;
                        g = (3 * i + 5) % 16;
                    }
                    default -> {
                        f = c ^ (b | ~d);
                        g = (7 * i) % 16;
                    }
                }
                int rotated = Integer.rotateLeft(a + f + SINES[i] + words[g], SHIFTS[(i / 16) * 4 + i % 4]);
                a = d;
                d = c;
                c = b;
                b = b + rotated;
            }
            a0 += a;
            b0 += b;
            c0 += c;
            d0 += d;
        }
        byte[] digest = new byte[16];
        int[] state = {a0, b0, c0, d0};
        for (int i = 0; i < 16; i++) {
            digest[i] = (byte) (state[i / 4] >>> (8 * (i % 4)));
        }
        return digest;
    }
}
