package io.jnsq.nsqadmin.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figure the README states: the heap an hour's history (720 polls) of 1,000 channels retains. */
class HistoryMemoryTest {
    private static final int CHANNELS = 1_000;
    private static final int POLLS = 720;

    @Test
    void anHourOfAThousandChannels() {
        long before = usedHeapAfterGc();
        History history = new History(POLLS);
        for (int poll = 0; poll < POLLS; poll++) {
            Map<String, Reading> readings = new HashMap<>();
            for (int c = 0; c < CHANNELS; c++) {
                readings.put(History.channelKey("topic" + c % 10, "channel" + c),
                        new Reading().add(poll * 100L, c, 1, 0, 0).addE2eLatencyMs(3.5));
            }
            history.record(poll * 5_000L, readings);
        }
        long retained = usedHeapAfterGc() - before;

        System.out.printf("history of %d channels x %d polls: %.1f MiB retained (%d bytes per channel)%n",
                CHANNELS, POLLS, retained / 1048576.0, retained / CHANNELS);
        assertThat(history.size()).isEqualTo(CHANNELS);
        // 6 metrics x 720 polls x 4-byte floats = 17,280 bytes of values per channel, plus object headers and keys
        assertThat(retained).isLessThan(CHANNELS * 24_000L);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
