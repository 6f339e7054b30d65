package io.jnsq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv} parsers, with Go's errors ({@code strconv.ParseInt: parsing "x": invalid syntax}), for
 * options that Go programs read from text and whose errors users see word for word.
 */
public final class GoStrconv {
    private GoStrconv() {
    }

    /** {@code strconv.ParseInt(text, 10, bits)}: ASCII digits with an optional sign, within {@code bits} bits. */
    public static long parseInt(String text, int bits) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (!isAsciiDigits(text, start)) {
            throw syntax("ParseInt", text);
        }
        long max = bits >= 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        try {
            long value = Long.parseLong(text);
            if (value >= -max - 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // only overflow is left
        }
        throw range("ParseInt", text);
    }

    /**
     * {@code strconv.ParseUint(text, 10, 64)}: ASCII digits, no sign. Values from 2^63 up, valid in Go, are refused
     * as out of range: they do not fit a long.
     */
    public static long parseUint(String text) {
        if (!isAsciiDigits(text, 0)) {
            throw syntax("ParseUint", text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw range("ParseUint", text);
        }
    }

    /** {@code strconv.ParseFloat(text, 64)} for decimal text and Go's spellings of infinity and NaN. */
    public static double parseFloat(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        if (!GoFloat.DECIMAL.matcher(text).matches()) {
            throw syntax("ParseFloat", text);
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw range("ParseFloat", text);
        }
        return value;
    }

    /** {@code strconv.ParseBool}. */
    public static boolean parseBool(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw syntax("ParseBool", text);
        };
    }

    private static boolean isAsciiDigits(String text, int from) {
        if (from >= text.length()) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException syntax(String function, String text) {
        return error(function, text, "invalid syntax");
    }

    private static IllegalArgumentException range(String function, String text) {
        return error(function, text, "value out of range");
    }

    /** Go's {@code NumError} text; the text quoted as Go quotes its UTF-8 bytes. */
    private static IllegalArgumentException error(String function, String text, String reason) {
        String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return new IllegalArgumentException("strconv." + function + ": parsing " + GoQuote.quote(bytes) + ": "
                + reason);
    }
}
