package io.jnsq.common.flags;

import com.fasterxml.jackson.databind.util.RawValue;
import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.GoFloat;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the text of a flag becomes a value. Parsing follows Go's flag package, whose error reasons
 * ({@code parse error}, {@code value out of range}) end up in nsqd's messages. A TOML config value is first turned
 * into the same text, so the config file and the command line accept the same things.
 *
 * @param usageName the type shown in Go's usage text: {@code string}, {@code int}, {@code duration}, {@code value};
 *     empty for bool-like flags
 * @param takesValue false for bool-like flags, which may stand alone ({@code --deflate}) or carry {@code =value}
 * @param parser text to value; throws {@link IllegalArgumentException} carrying the reason
 * @param usageDefault a default as Go's usage shows it, or null where Go omits it (the type's zero value)
 * @param configText a scalar TOML value as flag text
 * @param json the option as NSQ's {@code GET /config/:opt} answers it: a string stays a string (sent raw), other
 *     values are what Go's encoding/json makes of NSQ's option field (a duration is an integer of nanoseconds, the
 *     log level an integer), for Jackson to write
 */
public record FlagType<T>(String usageName, boolean takesValue, Function<String, T> parser,
                          Function<T, String> usageDefault, Function<Object, String> configText,
                          Function<T, Object> json) {

    public static final FlagType<String> STRING = new FlagType<>("string", true, text -> text,
            value -> value.isEmpty() ? null : '"' + value + '"', String::valueOf, value -> value);
    public static final FlagType<Boolean> BOOL = new FlagType<>("", false, FlagType::parseBool,
            value -> value ? "true" : null, String::valueOf, value -> value);
    public static final FlagType<Long> INT64 = new FlagType<>("int", true,
            text -> parseInteger(text, Long.MIN_VALUE, Long.MAX_VALUE).longValue(),
            value -> value == 0 ? null : value.toString(), String::valueOf, value -> value);
    public static final FlagType<Integer> INT = new FlagType<>("int", true,
            text -> parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue(),
            value -> value == 0 ? null : value.toString(), String::valueOf, value -> value);
    /** go-options reads a bare TOML number as milliseconds; strings use Go's syntax ({@code "60s"}). */
    public static final FlagType<Duration> DURATION = new FlagType<>("duration", true, FlagType::parseDuration,
            value -> value.isZero() ? null : GoDuration.format(value),
            value -> value instanceof Number ? value + "ms" : String.valueOf(value), Duration::toNanos);
    /** NSQ's {@code lg.LogLevel}: debug = 1 ... fatal = 5. */
    public static final FlagType<String> LOG_LEVEL = new FlagType<>("value", true, FlagType::parseLogLevel,
            value -> value.toUpperCase(Locale.ROOT), String::valueOf, FlagType::logLevelNumber);
    /** {@code true}/{@code 1} = 2 (required), {@code false}/{@code 0} = 0, {@code tcp-https} = 1; bool-like. */
    public static final FlagType<Integer> TLS_REQUIRED = new FlagType<>("", false, FlagType::parseTlsRequired,
            value -> value == 0 ? null : value.toString(), String::valueOf, value -> value);
    /** Go's {@code tls.VersionTLS10} ... {@code VersionTLS13}: 0x0301 ... 0x0304. */
    public static final FlagType<String> TLS_MIN_VERSION = new FlagType<>("value", true, FlagType::parseTlsMinVersion,
            value -> value, String::valueOf, FlagType::tlsVersionNumber);
    /**
     * One occurrence of a repeatable flag. It may hold several values separated by commas: NSQ joins the
     * occurrences with commas and splits them again when it resolves the options, so commas always split.
     */
    public static final FlagType<List<String>> STRINGS = new FlagType<>("value", true,
            text -> List.of(text.split(",", -1)), value -> value.isEmpty() ? null : String.join(",", value),
            String::valueOf, List::copyOf);
    public static final FlagType<List<Double>> FLOATS = new FlagType<>("value", true, FlagType::parseFloats,
            value -> null, String::valueOf, values -> values.stream().map(v -> new RawValue(GoFloat.json(v))).toList());

    private static final Pattern GO_FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public T parse(String text) {
        return parser.apply(text);
    }

    /** The occurrences a TOML value stands for: each element of an array, else the value itself. */
    public List<String> configOccurrences(Object tomlValue) {
        List<String> occurrences = new ArrayList<>();
        if (tomlValue instanceof List<?> elements) {
            elements.forEach(element -> occurrences.add(configText.apply(element)));
        } else {
            occurrences.add(configText.apply(tomlValue));
        }
        return occurrences;
    }

    /** Go's {@code strconv.ParseBool}. */
    static boolean parseBool(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw parseError();
        };
    }

    /**
     * Go's {@code strconv.ParseInt(text, 0, 64)}: an optional sign, then a {@code 0x}, {@code 0o} or {@code 0b}
     * prefix, or a leading {@code 0} for octal, else decimal.
     */
    private static BigInteger parseInteger(String text, long min, long max) {
        String digits = text;
        String sign = "";
        if (digits.startsWith("-") || digits.startsWith("+")) {
            sign = digits.substring(0, 1);
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            int prefixRadix = switch (Character.toLowerCase(digits.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                case 'b' -> 2;
                default -> 0;
            };
            radix = prefixRadix == 0 ? 8 : prefixRadix;
            digits = digits.substring(prefixRadix == 0 ? 1 : 2);
        }
        if (digits.isEmpty() || !isAsciiDigits(digits, radix)) {
            throw parseError();
        }
        BigInteger value = new BigInteger(sign + digits, radix);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("value out of range");
        }
        return value;
    }

    private static boolean isAsciiDigits(String digits, int radix) {
        return digits.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0);
    }

    private static Duration parseDuration(String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw parseError();
        }
    }

    private static String parseLogLevel(String text) {
        String level = text.toLowerCase(Locale.ROOT);
        return switch (level) {
            case "debug", "info", "warn", "error", "fatal" -> level;
            default -> throw new IllegalArgumentException("invalid log-level '" + text + "'");
        };
    }

    private static int parseTlsRequired(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        if (value.equals("tcp-https")) {
            return 1;
        }
        try {
            return parseBool(value) ? 2 : 0;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strconv.ParseBool: parsing \"" + text + "\": invalid syntax");
        }
    }

    private static String parseTlsMinVersion(String text) {
        String version = text.toLowerCase(Locale.ROOT);
        return switch (version) {
            case "tls1.0", "tls1.1", "tls1.2", "tls1.3" -> version;
            default -> throw new IllegalArgumentException("unknown tlsVersionOption \"" + text + "\"");
        };
    }

    /** Any case: an embedding application may set the option without going through the parser. */
    private static int logLevelNumber(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "debug" -> 1;
            case "info" -> 2;
            case "warn" -> 3;
            case "error" -> 4;
            case "fatal" -> 5;
            default -> throw new IllegalArgumentException("invalid log-level '" + level + "'");
        };
    }

    private static int tlsVersionNumber(String version) {
        return switch (version.toLowerCase(Locale.ROOT)) {
            case "tls1.0" -> 0x0301;
            case "tls1.1" -> 0x0302;
            case "tls1.2" -> 0x0303;
            case "tls1.3" -> 0x0304;
            default -> throw new IllegalArgumentException("unknown tlsVersionOption \"" + version + "\"");
        };
    }

    private static List<Double> parseFloats(String text) {
        List<Double> values = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            String number = element.trim();
            if (!GO_FLOAT.matcher(number).matches()) {
                throw parseError();
            }
            values.add(Double.parseDouble(number));
        }
        return values;
    }

    private static IllegalArgumentException parseError() {
        return new IllegalArgumentException("parse error");
    }
}
