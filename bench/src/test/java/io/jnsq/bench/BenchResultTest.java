package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void formatsNsqsLine() {
        BenchResult result = new BenchResult(1_000_000, Duration.ofSeconds(5), 200);

        assertThat(result.line())
                .isEqualTo("duration: 5s - 38.147mb/s - 200000.000ops/s - 5.000us/op");
    }

    @Test
    void usPerOpUsesWholeMicrosecondsAndDurationIsGoStyle() {
        BenchResult result = new BenchResult(3, Duration.ofNanos(5_001_234_567L), 100);

        // 5001234 whole µs / 3; 300 B / 5.001234567 s / 2^20
        assertThat(result.line())
                .isEqualTo("duration: 5.001234567s - 0.000mb/s - 0.600ops/s - 1667078.000us/op");
    }

    @Test
    void aRunWithoutMessagesHasInfiniteMicrosPerOp() {
        assertThat(new BenchResult(0, Duration.ofMillis(10), 200).line())
                .isEqualTo("duration: 10ms - 0.000mb/s - 0.000ops/s - +Infus/op");
    }

    @Test
    void roundsLikeGoFormatting() {
        // Go rounds the exact binary value, ties to even; Java's %.3f would print 0.063 and 1.001
        assertThat(BenchResult.goFixed3(0.0625)).isEqualTo("0.062");
        assertThat(BenchResult.goFixed3(1.0005)).isEqualTo("1.000");
        assertThat(BenchResult.goFixed3(2.5e9)).isEqualTo("2500000000.000");
        assertThat(BenchResult.goFixed3(Double.NaN)).isEqualTo("NaN");
        assertThat(BenchResult.goFixed3(-0.0001)).isEqualTo("-0.000");
    }
}
