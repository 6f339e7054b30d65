package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.GoFloat;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.protocol.GoDuration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our /stats text against the layout nsqd 1.3 printed in the reference's observed example. */
class StatsTextTest {
    /** The example's start time and uptime; clients connected 3 s and 2 s before it was taken. */
    private static final long EXAMPLE_START_TIME = 1795262778; // 2026-11-21T12:06:18Z
    private static final long NOW_MILLIS = (StatsExample.CONSUMER_CONNECT_TS + 3) * 1000 + 999;

    private static String format(NsqdStats stats, MemStats memory) {
        return StatsText.format("OK", false, EXAMPLE_START_TIME, GoDuration.parse("1m39.422753645s"), stats, memory,
                ZoneOffset.UTC, NOW_MILLIS);
    }

    @Test
    void theExampleIsPrintedLineForLine() {
        String expected = StatsExample.resource("stats-example.txt");

        String actual = format(StatsExample.stats(), null);

        // only the version line differs: ours names jnsq where NSQ names its Go toolchain
        assertThat(actual.lines().skip(1)).containsExactlyElementsOf(expected.lines().skip(1).toList());
        assertThat(actual.lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith("nsqd v1.3.0 ("));
        assertThat(actual).endsWith("\n");
    }

    @Test
    void memoryIsATabbedBlockAfterHealth() {
        String actual = format(new NsqdStats(List.of(), null), StatsExample.memory());

        assertThat(actual).contains("Health: OK\n\nMemory:\n   heap_objects             \t6397\n"
                + "   heap_idle_bytes          \t1761280\n")
                .contains("   gc_total_runs            \t0\n\nTopics: None\n\nProducers: None\n");
    }

    @Test
    void unknownTopicPrintsNoTopicsAndNoProducers() {
        assertThat(format(new NsqdStats(null, null), null)).endsWith("Health: OK\n\nTopics: None\n\nProducers: None\n");
    }

    @Test
    void latencyValuesAreRoundedAsGoRoundsThem() {
        assertThat(StatsText.e2e(StatsExample.latency(3, 1_500_000_001L, 2_000, 999))).isEqualTo("1.5s, 2.0us, 999.0ns");
        // 0.25 is exact in binary: Go rounds it half to even
        assertThat(GoFloat.oneDecimal(0.25)).isEqualTo("0.2");
        assertThat(StatsText.e2e(io.jnsq.nsqd.LatencyPercentiles.NONE)).isEmpty();
    }
}
