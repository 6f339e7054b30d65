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
}
