package io.jnsq.apps.nsqtofile;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The strftime subset NSQ's nsq_to_file knows (from jehiah/go-strftime): {@code %B} January, {@code %b} Jan,
 * {@code %m} 01, {@code %A} Monday, {@code %a} Mon, {@code %d} 02, {@code %H} 15, {@code %I} 03, {@code %M} 04,
 * {@code %S} 05, {@code %Y} 2006, {@code %y} 06, {@code %p} PM, {@code %Z} MST, {@code %z} -0700 and {@code %%}.
 * Anything else, an unknown directive included, is copied as it is.
 */
final class Strftime {
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);
    private static final DateTimeFormatter ZONE_OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);

    private Strftime() {
    }

    static String format(String format, ZonedDateTime t) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length() || !directive(out, format.charAt(i + 1), t)) {
                out.append(c);
                continue;
            }
            i++;
        }
        return out.toString();
    }

    /** Appends the directive's value; false when it is not one of the subset. */
    private static boolean directive(StringBuilder out, char directive, ZonedDateTime t) {
        switch (directive) {
            case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            case 'm' -> pad(out, t.getMonthValue(), 2);
            case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            case 'd' -> pad(out, t.getDayOfMonth(), 2);
            case 'H' -> pad(out, t.getHour(), 2);
            case 'I' -> pad(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
            case 'M' -> pad(out, t.getMinute(), 2);
            case 'S' -> pad(out, t.getSecond(), 2);
            case 'Y' -> pad(out, t.getYear(), 4);
            case 'y' -> pad(out, t.getYear() % 100, 2);
            case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
            // the zone's name: from its rules, loaded only for this (a time may come at a fixed offset, LocalTime's)
            case 'Z' -> out.append(ZONE_NAME.format(t.getZone() instanceof ZoneOffset
                    ? t.withZoneSameInstant(ZoneId.systemDefault()) : t));
            case 'z' -> out.append(ZONE_OFFSET.format(t));
            case '%' -> out.append('%');
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        out.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }
}
