package io.jnsq.apps.nsqtonsq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DestinationsTest {
    @Test
    void roundRobinStartsWithTheSecondAddressAsNsqsCounter() {
        Destinations d = new Destinations(List.of("a", "b", "c"), false);

        assertThat(IntStream.range(0, 6).map(i -> d.next()).boxed()).containsExactly(1, 2, 0, 1, 2, 0);
        d.mark(1, false);
        assertThat(d.next()).isEqualTo(1);
    }

    @Test
    void hostpoolSkipsAFailedDestinationAndRetriesAllWhenAllFailed() {
        Destinations d = new Destinations(List.of("a", "b"), true);

        d.mark(1, false);
        assertThat(IntStream.range(0, 4).map(i -> d.next()).boxed()).containsOnly(0);
        d.mark(0, false);
        assertThat(IntStream.range(0, 4).map(i -> d.next()).boxed()).contains(0, 1);
        d.mark(1, false);
        d.mark(1, true);
        assertThat(IntStream.range(0, 4).map(i -> d.next()).boxed()).contains(0, 1);
    }
}
