package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.MessageId;
import org.junit.jupiter.api.Test;

class GuidFactoryTest {

    @Test
    void layoutIsTimestampNodeIdSequence() {
        GuidFactory guids = new GuidFactory(42);
        long now = 1795262521L * 1_000_000_000L;
        long first = guids.next(now);
        long second = guids.next(now);
        assertThat((first >>> 12) & 0x3ff).isEqualTo(42);
        assertThat(first & 0xfff).isZero();
        assertThat(second).isEqualTo(first + 1);
        assertThat(first >>> 22).isEqualTo((now >> 20) - 1288834974288L);
        // The reference's example: node 42 gives low 22 bits 0x2a000 for the first ID of a tick.
        assertThat(MessageId.toHex(first)).endsWith("2a000");
    }

    @Test
    void exhaustedSequenceBorrowsTheNextTickInsteadOfFailing() {
        GuidFactory guids = new GuidFactory(1);
        long now = 1795262521L * 1_000_000_000L;
        long previous = guids.next(now);
        for (int i = 0; i < 10_000; i++) {
            long id = guids.next(now);
            assertThat(id).isGreaterThan(previous);
            assertThat((id >>> 12) & 0x3ff).isEqualTo(1);
            previous = id;
        }
    }

    @Test
    void clockSteppingBackKeepsIdsIncreasing() {
        GuidFactory guids = new GuidFactory(7);
        long now = 1795262521L * 1_000_000_000L;
        long first = guids.next(now);
        long later = guids.next(now - 5_000_000_000L);
        assertThat(later).isGreaterThan(first);
    }
}
