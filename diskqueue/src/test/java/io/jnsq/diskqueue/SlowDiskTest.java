package io.jnsq.diskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlowDiskTest {
    private final SlowDisk disk = new SlowDisk("t:c");

    @Test
    void aWriteAsFastAsThePageCacheLeavesTheDiskFast() {
        disk.wrote(40_000, System.nanoTime());
        assertThat(disk.isSlow()).isFalse();
    }

    @Test
    void aWriteThatTookTheThresholdMakesTheDiskSlowForAWhile() {
        disk.wrote(40_000, System.nanoTime() - SlowDisk.SLOW_WRITE_NANOS);
        assertThat(disk.isSlow()).isTrue();
        disk.wrote(40_000, System.nanoTime());
        assertThat(disk.isSlow()).as("a fast write does not end it early").isTrue();
    }
}
