package io.jnsq.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Go's ways of printing a float64, as /stats and /config show them. */
public final class GoFloat {
    private GoFloat() {
    }

    /**
     * As encoding/json writes a float64: the shortest digits that read back as {@code f}, plain between 1e-6 and
     * 1e21 ({@code 1}, {@code 0.99}), else in exponent form ({@code 1e-7}, {@code 1e+21}).
     */
    public static String json(double f) {
        BigDecimal shortest = new BigDecimal(Double.toString(f)).stripTrailingZeros();
        double abs = Math.abs(f);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        // Go prints at least two exponent digits, then encoding/json trims "e-07" to "e-7"
        String exp = exponent < 0 ? "-" + -exponent
                : "+" + (exponent < 10 ? "0" + exponent : String.valueOf(exponent));
        return (f < 0 ? "-" : "") + mantissa + "e" + exp;
    }

    /** {@code strconv.FormatFloat(f, 'f', 1, 64)}: one decimal, correctly rounded (half to even on the exact value). */
    public static String oneDecimal(double f) {
        return new BigDecimal(f).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
