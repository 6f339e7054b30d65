package io.jnsq.nsqadmin.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void growthPerSecond() {
        assertThat(Rate.perSecond(100, 10_000, 150, 15_000)).isEqualTo(10f);
        assertThat(Rate.perSecond(0, 0, 1, 500)).isEqualTo(2f);
        assertThat(Rate.perSecond(7, 0, 7, 5_000)).isZero();
    }

    @Test
    void unknownWithoutAnEarlierCount() {
        assertThat(Rate.perSecond(0, -1, 150, 15_000)).isNaN();
    }

    @Test
    void unknownWhenTheCounterWentDown() {
        assertThat(Rate.perSecond(500, 10_000, 20, 15_000)).isNaN();
    }

    @Test
    void unknownWhenNoTimePassed() {
        assertThat(Rate.perSecond(1, 10_000, 2, 10_000)).isNaN();
    }
}
