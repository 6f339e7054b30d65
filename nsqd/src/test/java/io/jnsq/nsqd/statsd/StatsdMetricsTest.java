package io.jnsq.nsqd.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsdMetricsTest {
    @Test
    void quantileKeysAreGosRoundedPercent() {
        assertThat(StatsdMetrics.quantileSuffix(1.0)).isEqualTo("100");
        assertThat(StatsdMetrics.quantileSuffix(0.99)).isEqualTo("99");
        assertThat(StatsdMetrics.quantileSuffix(0.5)).isEqualTo("50");
        assertThat(StatsdMetrics.quantileSuffix(0.999)).isEqualTo("100");
        // exact halves go to the even neighbour, as Go's %.0f does (Java's %.0f would round them up)
        assertThat(StatsdMetrics.quantileSuffix(0.125)).isEqualTo("12");
        assertThat(StatsdMetrics.quantileSuffix(0.025)).isEqualTo("2");
        assertThat(StatsdMetrics.quantileSuffix(0.995)).isEqualTo("100");
    }
}
