package io.jnsq.apps.nsqtofile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.log.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrftimeTest {
    private static final ZonedDateTime EVENING = ZonedDateTime.of(2009, 11, 10, 23, 4, 5, 0,
            ZoneId.of("Europe/Paris"));
    private static final ZonedDateTime MIDNIGHT = ZonedDateTime.of(2026, 1, 2, 0, 0, 9, 0, ZoneId.of("UTC"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "%Y-%m-%d_%H                        | 2009-11-10_23",
            "%B %b %m                           | November Nov 11",
            "%A %a %d                           | Tuesday Tue 10",
            "%H %I %M %S %p                     | 23 11 04 05 PM",
            "%Y %y                              | 2009 09",
            "%Z %z                              | CET +0100",
            "100%% %q %                         | 100% %q %",
            "no directive                       | no directive",
    })
    void theSubsetOfNsqsStrftime(String format, String expected) {
        assertThat(Strftime.format(format, EVENING)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "%I %p       | 12 AM",
            "%Z%z        | UTC+0000",
            "%m/%d %S    | 01/02 09",
    })
    void padsAndTwelveHourClockAsGo(String format, String expected) {
        assertThat(Strftime.format(format, MIDNIGHT)).isEqualTo(expected);
    }

    @Test
    void theLocalTimeAtItsFixedOffsetIsNamedByTheLocalZone() {
        ZonedDateTime now = LocalTime.now();

        assertThat(Strftime.format("%Y-%m-%d_%H:%M %Z %z", now)).isEqualTo(
                DateTimeFormatter.ofPattern("yyyy-MM-dd_HH:mm zzz xx", Locale.ROOT)
                        .format(now.withZoneSameInstant(ZoneId.systemDefault())));
    }
}
