package io.jnsq.apps.tonsq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket on a fake clock: sleeping advances it. */
class ThrottleTest {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private Throttle throttle(long rate) {
        return new Throttle(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void oneTokenToStartThenOneEveryIntervalAsNsq() throws Exception {
        Throttle throttle = throttle(10); // every 100 ms

        throttle.acquire();
        assertThat(sleeps).isEmpty();
        throttle.acquire();
        throttle.acquire();

        assertThat(sleeps).containsExactly(100_000_000L, 100_000_000L);
    }

    @Test
    void anIdleSpellSavesUpToOneSecondOfTokens() throws Exception {
        Throttle throttle = throttle(10);
        throttle.acquire();

        now += 5_000_000_000L; // idle for 5 s: 10 tokens kept, not 50
        for (int i = 0; i < 10; i++) {
            throttle.acquire();
        }
        assertThat(sleeps).isEmpty();
        throttle.acquire();

        assertThat(sleeps).containsExactly(100_000_000L);
    }

    @Test
    void tokensComeAtTheRateOverTime() throws Exception {
        Throttle throttle = throttle(1000);
        long start = now;

        for (int i = 0; i < 5001; i++) {
            throttle.acquire();
        }

        assertThat(now - start).isEqualTo(5_000_000_000L);
    }
}
