package io.jnsq.protocol;

/**
 * Go's {@code %q} for strings ({@code strconv.Quote}), which NSQ uses in error texts: {@code "t\x00"},
 * {@code "a\"b"}, {@code "tö"}, {@code "t\u00a0"}. The input holds one byte of the wire line per char (as
 * {@link CommandLine} decodes it); like Go, it is read as UTF-8: printable runes stay as they are, other runes
 * are escaped as {@code \\uXXXX}, and bytes that are not valid UTF-8 as {@code \\xNN}.
 */
public final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** The double-quoted, escaped form of {@code s} (each char below 256 is one byte of the wire line). */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < 0x80) {
                appendAscii(b, c);
                i++;
                continue;
            }
            int width = utf8Width(s, i);
            if (width == 0) {
                appendHex(b.append("\\x"), c, 2);
                i++;
                continue;
            }
            int rune = decode(s, i, width);
            if (isPrint(rune)) {
                b.appendCodePoint(rune);
            } else if (rune < 0x10000) {
                appendHex(b.append("\\u"), rune, 4);
            } else {
                appendHex(b.append("\\U"), rune, 8);
            }
            i += width;
        }
        return b.append('"').toString();
    }

    private static void appendAscii(StringBuilder b, char c) {
        switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 7 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case 11 -> b.append("\\v");
            default -> {
                if (c >= 0x20 && c < 0x7f) {
                    b.append(c);
                } else {
                    appendHex(b.append("\\x"), c, 2);
                }
            }
        }
    }

    /**
     * The length of the valid UTF-8 sequence starting at {@code i}, or 0 if there is none (Go's rules: no
     * overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private static int utf8Width(String s, int i) {
        int c = s.charAt(i);
        int width;
        int lo = 0x80;
        int hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            width = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            width = 3;
            lo = c == 0xe0 ? 0xa0 : 0x80;
            hi = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            width = 4;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + width > s.length()) {
            return 0;
        }
        for (int k = 1; k < width; k++) {
            int next = s.charAt(i + k);
            if (next < (k == 1 ? lo : 0x80) || next > (k == 1 ? hi : 0xbf)) {
                return 0;
            }
        }
        return width;
    }

    private static int decode(String s, int i, int width) {
        int rune = s.charAt(i) & (0xff >> (width + 1));
        for (int k = 1; k < width; k++) {
            rune = rune << 6 | (s.charAt(i + k) & 0x3f);
        }
        return rune;
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int rune) {
        return switch (Character.getType(rune)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void appendHex(StringBuilder b, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(value >> shift) & 0xf]);
        }
    }
}
