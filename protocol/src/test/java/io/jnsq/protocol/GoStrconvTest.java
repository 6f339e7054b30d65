package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoStrconvTest {
    @Test
    void parseIntTakesASignAndRefusesWhatGoRefusesWithGosWords() {
        assertThat(GoStrconv.parseInt("+42", 32)).isEqualTo(42);
        assertThat(GoStrconv.parseInt("-2147483648", 32)).isEqualTo(Integer.MIN_VALUE);
        assertThat(GoStrconv.parseInt("9223372036854775807", 64)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> GoStrconv.parseInt("2147483648", 32))
                .hasMessage("strconv.ParseInt: parsing \"2147483648\": value out of range");
        assertThatThrownBy(() -> GoStrconv.parseInt("1_000", 64))
                .hasMessage("strconv.ParseInt: parsing \"1_000\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseInt("-", 64)).hasMessageEndingWith("invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseInt("", 64)).hasMessage("strconv.ParseInt: parsing \"\": invalid syntax");
    }

    @Test
    void parseUintHasNoSign() {
        assertThat(GoStrconv.parseUint("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> GoStrconv.parseUint("+1")).hasMessage("strconv.ParseUint: parsing \"+1\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseUint("99999999999999999999"))
                .hasMessage("strconv.ParseUint: parsing \"99999999999999999999\": value out of range");
    }

    @Test
    void parseFloatAndParseBool() {
        assertThat(GoStrconv.parseFloat("0.3")).isEqualTo(0.3);
        assertThat(GoStrconv.parseFloat("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GoStrconv.parseFloat("NaN")).isNaN();
        assertThatThrownBy(() -> GoStrconv.parseFloat("1e999")).hasMessageEndingWith("value out of range");
        assertThatThrownBy(() -> GoStrconv.parseFloat("0x1p3")).hasMessageEndingWith("invalid syntax");
        assertThat(GoStrconv.parseBool("T")).isTrue();
        assertThat(GoStrconv.parseBool("False")).isFalse();
        assertThatThrownBy(() -> GoStrconv.parseBool("yes")).hasMessage("strconv.ParseBool: parsing \"yes\": invalid syntax");
    }

    @Test
    void textOutsideAsciiIsQuotedAsGoQuotesItsUtf8() {
        assertThatThrownBy(() -> GoStrconv.parseInt("5ö", 32))
                .hasMessage("strconv.ParseInt: parsing \"5ö\": invalid syntax");
    }
}
