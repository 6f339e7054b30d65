package io.jnsq.apps.nsqstat;

import io.jnsq.apps.tools.ChannelTotals;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatFormatTest {
    private static final ChannelTotals OBSERVED = new ChannelTotals(0, 0, 0, 5, 0, 0, 0, 6, 1);

    @Test
    void headerAndRowAreNsqsOutputByteForByte() {
        // NSQ 1.3.0's nsq_stat, observed: a consumer holding 5 of 6 messages in flight
        assertThat(StatFormat.HEADER + StatFormat.row(OBSERVED, OBSERVED, Duration.ofSeconds(2))).isEqualTo("""
                ------rate------+----------------depth----------------+--------------metadata---------------
                ingress  egress |   total     mem    disk inflt   def |     req     t-o         msgs clients
                      0       0 |       0       0       0     5     0 |       0       0            6       1
                """);
    }

    @Test
    void ratesArePerSecondOverTheIntervalAndEgressIsWhatDidNotStay() {
        ChannelTotals before = new ChannelTotals(10, 10, 0, 0, 0, 0, 0, 100, 1);
        // 300 more received, depth grew by 90: 210 left the channel; over 2 s
        ChannelTotals after = new ChannelTotals(100, 40, 60, 12, 3, 4, 5, 400, 2);

        assertThat(StatFormat.row(before, after, Duration.ofSeconds(2))).isEqualTo(
                "    150     105 |     100      40      60    12     3 |       4       5          400       2\n");
        // truncated toward zero, as Go's int64(float64)
        assertThat(StatFormat.row(before, after, Duration.ofSeconds(7))).startsWith("     42      30 |");
        assertThat(StatFormat.row(before, after, Duration.ofMillis(100))).startsWith("   3000    2100 |");
    }

    @Test
    void wideNumbersPushTheColumnsAsPrintfDoes() {
        ChannelTotals big = new ChannelTotals(12345678, 12345678, 0, 123456, 0, 0, 0, 1234567890123L, 0);

        assertThat(StatFormat.row(big, big, Duration.ofSeconds(1))).isEqualTo(
                "      0       0 | 12345678 12345678       0 123456     0 |       0       0"
                        + " 1234567890123       0\n");
    }

    @Test
    void theHeaderGoesBeforeThePrimingPollAndEvery25thAfter() {
        assertThat(IntStream.range(0, 80).filter(StatFormat::headerBefore)).containsExactly(0, 25, 50, 75);
    }

    @Test
    void totalsAddUpFieldByField() {
        ChannelTotals a = new ChannelTotals(1, 2, 3, 4, 5, 6, 7, 8, 9);

        assertThat(ChannelTotals.ZERO.plus(a).plus(a)).isEqualTo(new ChannelTotals(2, 4, 6, 8, 10, 12, 14, 16, 18));
    }
}
