package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFloatTest {
    @Test
    void jsonPrintsTheShortestDigitsLikeEncodingJson() {
        assertThat(GoFloat.json(1.0)).isEqualTo("1");
        assertThat(GoFloat.json(0.99)).isEqualTo("0.99");
        assertThat(GoFloat.json(0.5)).isEqualTo("0.5");
        assertThat(GoFloat.json(0.999999)).isEqualTo("0.999999");
        assertThat(GoFloat.json(159014360.0)).isEqualTo("159014360");
        assertThat(GoFloat.json(0)).isEqualTo("0");
    }

    @Test
    void jsonUsesExponentsOutsideGosPlainRange() {
        assertThat(GoFloat.json(1e-7)).isEqualTo("1e-7");
        assertThat(GoFloat.json(1.5e-10)).isEqualTo("1.5e-10");
        assertThat(GoFloat.json(1e21)).isEqualTo("1e+21");
        assertThat(GoFloat.json(1e-6)).isEqualTo("0.000001");
    }

    @Test
    void valuePrintsAsFmtsPercentV() {
        assertThat(GoFloat.value(0.3)).isEqualTo("0.3");
        assertThat(GoFloat.value(100000.0)).isEqualTo("100000");
        assertThat(GoFloat.value(1e6)).isEqualTo("1e+06");
        assertThat(GoFloat.value(0.0001)).isEqualTo("0.0001");
        assertThat(GoFloat.value(1e-5)).isEqualTo("1e-05");
        assertThat(GoFloat.value(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(GoFloat.value(1.5e300)).isEqualTo("1.5e+300");
        assertThat(GoFloat.value(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloat.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFloat.value(-0.0)).isEqualTo("-0");
    }
}
