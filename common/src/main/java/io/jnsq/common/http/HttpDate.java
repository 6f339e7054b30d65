package io.jnsq.common.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code Date} header as Go's net/http writes it ({@code http.TimeFormat}, RFC 7231's IMF-fixdate):
 * {@code Mon, 02 Jan 2006 15:04:05 GMT}. Written out here rather than through a calendar, whose first use looks
 * for locale providers in every jar of the class path: that cost a daemon's first answer 25 ms.
 */
final class HttpDate {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private HttpDate() {
    }

    static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        StringBuilder date = new StringBuilder(29).append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(date, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ')
                .append(t.getYear()).append(' ');
        twoDigits(date, t.getHour()).append(':');
        twoDigits(date, t.getMinute()).append(':');
        return twoDigits(date, t.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
