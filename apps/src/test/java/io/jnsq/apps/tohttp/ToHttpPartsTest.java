package io.jnsq.apps.tohttp;

import io.jnsq.apps.tools.HostPool;
import io.jnsq.apps.tools.TimerMetrics;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** nsq_to_http's parts: Go's query escaping, the host pool, the timing lines. */
class ToHttpPartsTest {
    @Test
    void queryEscapeIsGos() {
        assertThat(ToHttp.queryEscape("AZaz09-_.~".getBytes(UTF_8))).isEqualTo("AZaz09-_.~");
        assertThat(ToHttp.queryEscape("a b+c&d=e/f?g#h%i*j'k".getBytes(UTF_8)))
                .isEqualTo("a+b%2Bc%26d%3De%2Ff%3Fg%23h%25i%2Aj%27k");
        assertThat(ToHttp.queryEscape("é\n".getBytes(UTF_8))).isEqualTo("%C3%A9%0A");
        assertThat(ToHttp.queryEscape(new byte[] {(byte) 0xff, 0})).isEqualTo("%FF%00");
    }

    @Test
    void theHostPoolTakesHostsInTurnSkippingDeadOnesUntilTheirRetry() {
        AtomicLong now = new AtomicLong(1_000);
        HostPool pool = new HostPool(List.of("a", "b", "c"), now::get);

        assertThat(IntStream.range(0, 4).mapToObj(i -> pool.get())).containsExactly("a", "b", "c", "a");
        pool.mark("b", false);
        assertThat(IntStream.range(0, 4).mapToObj(i -> pool.get())).containsExactly("c", "a", "c", "a");

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(pool.get()).isEqualTo("b"); // due a retry
        pool.mark("b", false); // failed again: 60 s now
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(IntStream.range(0, 4).mapToObj(i -> pool.get())).doesNotContain("b");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(IntStream.range(0, 3).mapToObj(i -> pool.get())).contains("b");
        pool.mark("b", true);
        assertThat(IntStream.range(0, 3).mapToObj(i -> pool.get())).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void whenEveryHostIsDeadTheHostPoolRevivesThemAll() {
        HostPool pool = new HostPool(List.of("a", "b"), () -> 0);
        pool.mark("a", false);
        pool.mark("b", false);

        assertThat(pool.get()).isEqualTo("a");
        assertThat(pool.get()).isEqualTo("b");
    }

    @Test
    void timingLinesComeOnceTheRingHasComeRound() {
        TimerMetrics metrics = new TimerMetrics(3, "[aggregate]:");

        assertThat(metrics.record(1_000_000)).isNull();
        assertThat(metrics.record(2_000_000)).isNull();
        assertThat(metrics.record(3_000_000)).isNull();
        // the 4th replaces the 1st: 4, 2, 3 ms
        assertThat(metrics.record(4_000_000))
                .isEqualTo("[aggregate]: finished 3 - 99th: 4.00ms - 95th: 4.00ms - avg: 3.00ms");
        assertThat(metrics.record(1_000_000)).isNull();
        assertThat(metrics.record(1_000_000)).isNull();
        assertThat(metrics.record(1_000_000))
                .isEqualTo("[aggregate]: finished 3 - 99th: 1.00ms - 95th: 1.00ms - avg: 1.00ms");
    }

    @Test
    void percentilesAreTimerMetricss() {
        TimerMetrics metrics = new TimerMetrics(200, "[x]:");
        String line = null;
        for (int i = 1; i <= 201; i++) {
            line = metrics.record(i * 1_000_000L); // the 201st replaces the 1st: 2 .. 201 ms
        }
        // index ceil(0.99 * 200 + 0.5) = 199: the largest; ceil(0.95 * 200 + 0.5) = 191: 193 ms
        assertThat(line).isEqualTo("[x]: finished 200 - 99th: 201.00ms - 95th: 193.00ms - avg: 101.50ms");
    }
}
