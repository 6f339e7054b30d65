package io.jnsq.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Go's duration syntax, which NSQ uses in flags, config files and text output: {@code 250ms}, {@code 1m0s},
 * {@code 1.5h}, {@code 2h45m}; units {@code ns us µs ms s m h}.
 */
public final class GoDuration {
    /** 2^63 as an unsigned long: the largest magnitude a Go duration may reach while parsing. */
    private static final long TWO_TO_63 = Long.MIN_VALUE;

    private GoDuration() {
    }

    /**
     * Parses a Go duration string exactly as Go's {@code time.ParseDuration} does: integer arithmetic, fractions
     * truncated to the nanosecond, {@code -9223372036854775808ns} allowed.
     *
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"}) when malformed
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        // Go sums magnitudes as uint64 capped at 2^63 (the magnitude of the most negative duration); Java's long
        // holds the same bits, so compare unsigned.
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                throw invalid(text);
            }
            int start = i;
            long whole = 0;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, 10)) > 0) {
                    throw invalid(text);
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, TWO_TO_63) > 0) {
                    throw invalid(text);
                }
            }
            boolean digitsBefore = i > start;
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fractionStart = ++i;
                boolean overflow = false;
                for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                    // Digits past 63 bits of precision are ignored, not an error.
                    if (overflow || Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long next = fraction * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(next, TWO_TO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    fraction = next;
                    scale *= 10;
                }
                digitsAfter = i > fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            long unit = unitNanos(s.substring(unitStart, i), text);
            if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, unit)) > 0) {
                throw invalid(text);
            }
            long value = whole * unit;
            if (fraction != 0) {
                // As Go: float64 keeps fractions of hours nanosecond-accurate; the cast truncates.
                value += (long) (unsignedToDouble(fraction) * ((double) unit / scale));
                if (Long.compareUnsigned(value, TWO_TO_63) > 0) {
                    throw invalid(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, TWO_TO_63) > 0) {
                throw invalid(text);
            }
        }
        if (negative) {
            return Duration.ofNanos(-total);
        }
        if (total < 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(total);
    }

    /** Formats like Go's {@code Duration.String()}: {@code 1m0s}, {@code 250ms}, {@code 1.5µs}, {@code 0s}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos == Long.MIN_VALUE) {
            // The one value whose magnitude does not fit in a long.
            return "-2562047h47m16.854775808s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + fraction(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + fraction(n, 1_000_000) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = (n / 60_000_000_000L) % 60;
        String seconds = fraction(n % 60_000_000_000L, 1_000_000_000) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = String.valueOf(unit + rest).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(0, end);
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException(
                    "time: unknown unit " + quote(unit) + " in duration " + quote(text));
        };
    }

    /** ASCII only: Go's parser does not know other scripts' digits. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2 + (value & 1);
    }

    /** Go's {@code time.quote}: double quotes, with control and non-ASCII characters as {@code \xNN} UTF-8 bytes. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int width = Character.charCount(c);
            if (c >= 0x80 || c < ' ') {
                for (byte b : s.substring(i, i + width).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("\\x%02x", b & 0xff));
                }
            } else {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append((char) c);
            }
            i += width;
        }
        return out.append('"').toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }
}
