package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Message IDs: a 64-bit number carried on the wire as 16 lowercase hex ASCII characters of its big-endian
 * bytes (for example {@code 18a3149e66c2a000}).
 */
public final class MessageId {
    /** Length of an ID on the wire. */
    public static final int LENGTH = 16;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MessageId() {
    }

    /** Writes the 16 hex characters of {@code id} to {@code out}. */
    public static void write(ByteBuf out, long id) {
        // Two 8-byte writes instead of sixteen 1-byte ones: this runs for every message delivered.
        out.writeLong(hexOf((int) (id >>> 32)));
        out.writeLong(hexOf((int) id));
    }

    /** The 8 hex characters of {@code half}, packed big-endian into a long. */
    private static long hexOf(int half) {
        long packed = 0;
        for (int shift = 28; shift >= 0; shift -= 4) {
            packed = (packed << 8) | HEX[(half >>> shift) & 0xf];
        }
        return packed;
    }

    /** The 16 hex characters of {@code id}. */
    public static String toHex(long id) {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = (char) HEX[(int) (id >>> (60 - 4 * i)) & 0xf];
        }
        return new String(chars);
    }

    /**
     * Parses an ID from its 16 lowercase hex characters. NSQ compares IDs as raw bytes, so upper case or any
     * other character cannot name a message: check with {@link #isValid(CharSequence)} first.
     *
     * @throws IllegalArgumentException if {@code hex} is not a valid ID
     */
    public static long parse(CharSequence hex) {
        if (!isValid(hex)) {
            throw new IllegalArgumentException("not a message ID: " + hex);
        }
        long id = 0;
        for (int i = 0; i < LENGTH; i++) {
            id = (id << 4) | digit(hex.charAt(i));
        }
        return id;
    }

    /** Whether {@code hex} is exactly 16 lowercase hex characters. */
    public static boolean isValid(CharSequence hex) {
        if (hex.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (digit(hex.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
