package io.jnsq.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Go's ways of printing a float64, as /stats and /config show them. */
public final class GoFloat {
    /** Decimal float text as Go's parsers take it: digits, an optional point and exponent (no hex, no '_'). */
    static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private GoFloat() {
    }

    /**
     * As encoding/json writes a float64: the shortest digits that read back as {@code f}, plain between 1e-6 and
     * 1e21 ({@code 1}, {@code 0.99}), else in exponent form ({@code 1e-7}, {@code 1e+21}).
     */
    public static String json(double f) {
        double abs = Math.abs(f);
        return shortest(f, abs == 0 || (abs >= 1e-6 && abs < 1e21), false);
    }

    /**
     * As {@code fmt} prints a float64 for {@code %v}: the shortest digits, plain from 1e-4 up to 1e6 ({@code 0.3},
     * {@code 100000}), else in exponent form with at least two exponent digits ({@code 1e+06}, {@code 1e-05});
     * {@code NaN}, {@code +Inf}, {@code -Inf}, {@code -0}.
     */
    public static String value(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        int exponent = exponentOf(new BigDecimal(Double.toString(f)).stripTrailingZeros());
        return shortest(f, exponent >= -4 && exponent < 6, true);
    }

    /**
     * The shortest digits that read back as {@code f}, plain or in exponent form; encoding/json trims Go's two
     * exponent digits ("e-07" to "e-7") for negative exponents, fmt keeps them.
     */
    private static String shortest(double f, boolean plain, boolean twoDigitNegativeExponent) {
        BigDecimal shortest = new BigDecimal(Double.toString(f)).stripTrailingZeros();
        if (plain) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = exponentOf(shortest);
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int magnitude = Math.abs(exponent);
        String exp = exponent < 0 && !twoDigitNegativeExponent ? "-" + magnitude
                : (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" + magnitude : String.valueOf(magnitude));
        return (f < 0 ? "-" : "") + mantissa + "e" + exp;
    }

    private static int exponentOf(BigDecimal shortest) {
        return shortest.precision() - shortest.scale() - 1;
    }

    /** {@code strconv.FormatFloat(f, 'f', 1, 64)}: one decimal, correctly rounded (half to even on the exact value). */
    public static String oneDecimal(double f) {
        return new BigDecimal(f).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
