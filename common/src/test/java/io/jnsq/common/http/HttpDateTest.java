package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDateTest {
    @Test
    void writesGosHttpTimeFormat() {
        assertThat(HttpDate.format(ZonedDateTime.of(2006, 1, 2, 15, 4, 5, 999_000_000, ZoneOffset.UTC).toInstant()
                .toEpochMilli())).isEqualTo("Mon, 02 Jan 2006 15:04:05 GMT");
        assertThat(HttpDate.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void agreesWithTheJdksRfc1123FormatOnTwoDigitDays() {
        DateTimeFormatter rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
        Random random = new Random(7231);
        for (int i = 0; i < 1000; i++) {
            long millis = random.nextLong(0, 4_102_444_800_000L); // 1970 to 2100
            String jdk = rfc1123.format(java.time.Instant.ofEpochMilli(millis));
            // the JDK writes a one-digit day as "1", HTTP wants "01"
            String expected = jdk.replaceFirst(", (\\d) ", ", 0$1 ");
            assertThat(HttpDate.format(millis)).as("%d", millis).isEqualTo(expected);
        }
    }
}
