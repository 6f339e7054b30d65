package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values are what Go 1.19's {@code time.ParseDuration} and {@code Duration.String} give. */
class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource(delimiter = '|', textBlock = """
            250ms                     | 250000000
            1m0s                      | 60000000000
            1.5h                      | 5400000000000
            2h45m                     | 9900000000000
            0                         | 0
            +0                        | 0
            -0                        | 0
            0s                        | 0
            -1s                       | -1000000000
            +5s                       | 5000000000
            1us                       | 1000
            1µs                       | 1000
            1μs                       | 1000
            1ns                       | 1
            .5s                       | 500000000
            5.s                       | 5000000000
            1.0000000001s             | 1000000000
            1.9ns                     | 1
            1m39.422753645s           | 99422753645
            1h1m1s                    | 3661000000000
            1s1s                      | 2000000000
            9223372036854775807ns     | 9223372036854775807
            -9223372036854775808ns    | -9223372036854775808
            2562047h47m16.854775807s  | 9223372036854775807
            -2562047h47m16.854775808s | -9223372036854775808
            """)
    void parses(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", ".s", "-.s", "9223372036854775808ns", "2562047h47m16.854775808s",
        "3000000h", "99999999999999999999ns", "s", "h1"})
    void invalidDuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time: invalid duration \"" + text + "\"");
    }

    @Test
    void missingUnit() {
        assertThatThrownBy(() -> GoDuration.parse("5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time: missing unit in duration \"5\"");
        assertThatThrownBy(() -> GoDuration.parse("1h5"))
                .hasMessage("time: missing unit in duration \"1h5\"");
        assertThatThrownBy(() -> GoDuration.parse("1.5.s"))
                .hasMessage("time: missing unit in duration \"1.5.s\"");
    }

    @Test
    void unknownUnit() {
        assertThatThrownBy(() -> GoDuration.parse("1x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time: unknown unit \"x\" in duration \"1x\"");
        assertThatThrownBy(() -> GoDuration.parse("1e3s"))
                .hasMessage("time: unknown unit \"e\" in duration \"1e3s\"");
        assertThatThrownBy(() -> GoDuration.parse("1S"))
                .hasMessage("time: unknown unit \"S\" in duration \"1S\"");
    }

    @Test
    void nonAsciiIsEscapedInMessagesLikeGo() {
        assertThatThrownBy(() -> GoDuration.parse("1µx"))
                .hasMessage("time: unknown unit \"\\xc2\\xb5x\" in duration \"1\\xc2\\xb5x\"");
    }

    @Test
    void nonAsciiDigitsAreNotDigits() {
        assertThatThrownBy(() -> GoDuration.parse("\u0661s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("time: invalid duration");
    }

    @ParameterizedTest(name = "{0} ns = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0                    | 0s
            1                    | 1ns
            999                  | 999ns
            1000                 | 1µs
            1500                 | 1.5µs
            1000001              | 1.000001ms
            250000000            | 250ms
            999999999            | 999.999999ms
            1000000000           | 1s
            1500000000           | 1.5s
            60000000000          | 1m0s
            3600000000000        | 1h0m0s
            3661000000000        | 1h1m1s
            360000000000000      | 100h0m0s
            99422753645          | 1m39.422753645s
            -1000000000          | -1s
            -1                   | -1ns
            -1500                | -1.5µs
            9223372036854775807  | 2562047h47m16.854775807s
            -9223372036854775808 | -2562047h47m16.854775808s
            """)
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1500, 250_000_000, 99_422_753_645L, 3_600_000_000_000L, -1_500_000_000,
        Long.MAX_VALUE, Long.MIN_VALUE})
    void parseReadsWhatFormatWrites(long nanos) {
        Duration duration = Duration.ofNanos(nanos);

        assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
    }
}
