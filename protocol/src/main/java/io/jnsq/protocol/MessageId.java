package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Message IDs: a 64-bit number carried on the wire as 16 lowercase hex ASCII characters of its big-endian
 * bytes (for example {@code 18a3149e66c2a000}).
 */
public final class MessageId {
    /** Length of an ID on the wire. */
    public static final int LENGTH = 16;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The two hex characters of each byte value, packed big-endian. */
    private static final short[] HEX_PAIRS = new short[256];
    /** The value of each lowercase hex character, -1 for every other character below 128. */
    private static final byte[] DIGITS = new byte[128];

    static {
        for (int b = 0; b < 256; b++) {
            HEX_PAIRS[b] = (short) ((HEX[b >>> 4] << 8) | HEX[b & 0xf]);
        }
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < HEX.length; i++) {
            DIGITS[HEX[i]] = (byte) i;
        }
    }

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
        return (long) (HEX_PAIRS[half >>> 24] & 0xffff) << 48
                | (long) (HEX_PAIRS[(half >>> 16) & 0xff] & 0xffff) << 32
                | (long) (HEX_PAIRS[(half >>> 8) & 0xff] & 0xffff) << 16
                | HEX_PAIRS[half & 0xff] & 0xffff;
    }

    /** The ID whose 16 ASCII characters are {@code high} and {@code low}, big-endian, as a frame carries them. */
    public static String ofWire(long high, long low) {
        byte[] ascii = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            ascii[i] = (byte) (high >>> (56 - 8 * i));
            ascii[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new String(ascii, StandardCharsets.US_ASCII);
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
        if (hex.length() != LENGTH) {
            throw new IllegalArgumentException("not a message ID: " + hex);
        }
        long id = 0;
        for (int i = 0; i < LENGTH; i++) {
            int d = digit(hex.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not a message ID: " + hex);
            }
            id = (id << 4) | d;
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

    /**
     * Parses the 16 ASCII characters at {@code offset} of {@code ascii}, as a disk queue record holds them, without
     * making a String of them.
     *
     * @throws IllegalArgumentException if they are not a valid ID
     */
    public static long parse(byte[] ascii, int offset) {
        long id = 0;
        for (int i = 0; i < LENGTH; i++) {
            int d = digit((char) (ascii[offset + i] & 0xff));
            if (d < 0) {
                throw new IllegalArgumentException("not a message ID: "
                        + new String(ascii, offset, LENGTH, StandardCharsets.ISO_8859_1));
            }
            id = (id << 4) | d;
        }
        return id;
    }

    /** Whether the 16 bytes at {@code offset} of {@code ascii} are lowercase hex characters. */
    public static boolean isValid(byte[] ascii, int offset) {
        for (int i = 0; i < LENGTH; i++) {
            if (digit((char) (ascii[offset + i] & 0xff)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(char c) {
        return c < DIGITS.length ? DIGITS[c] : -1;
    }
}
