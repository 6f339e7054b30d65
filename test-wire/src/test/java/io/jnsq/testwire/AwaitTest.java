package io.jnsq.testwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AwaitTest {
    private static final Duration LONG = Duration.ofSeconds(5);

    @Test
    void returnsAtOnceWhenTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();

        Await.until(LONG, () -> calls.incrementAndGet() > 0, "anything");

        assertThat(calls).hasValue(1);
    }

    @Test
    void pollsUntilTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();

        Await.until(LONG, () -> calls.incrementAndGet() >= 3, "three calls");

        assertThat(calls).hasValue(3);
    }

    @Test
    void seesAConditionSetByAnotherThread() throws Exception {
        AtomicBoolean flag = new AtomicBoolean();
        Thread setter = new Thread(() -> flag.set(true));
        setter.start();

        Await.until(LONG, flag::get, "the flag");

        setter.join();
    }

    @Test
    void failsWithTheDescriptionOnTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), () -> false, "the moon to turn blue"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 50ms waiting for the moon to turn blue");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void checksOnceMoreAtTheDeadline() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), () -> calls.incrementAndGet() < 0, "never"))
                .isInstanceOf(AssertionError.class);
        assertThat(calls.get()).isGreaterThan(1);
    }

    @Test
    void untilNonNullReturnsTheFirstValue() {
        AtomicInteger calls = new AtomicInteger();

        String value = Await.untilNonNull(LONG, () -> calls.incrementAndGet() < 3 ? null : "third", "a value");

        assertThat(value).isEqualTo("third");
    }

    @Test
    void untilNonNullFailsWithTheDescription() {
        assertThatThrownBy(() -> Await.untilNonNull(Duration.ofMillis(20), () -> null, "a message"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 20ms waiting for a message");
    }

    @Test
    void exceptionsFromTheConditionPropagate() {
        assertThatThrownBy(() -> Await.until(LONG, () -> {
            throw new IllegalStateException("boom");
        }, "x")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void interruptionFailsAndKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Await.until(LONG, () -> false, "something"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("interrupted while waiting for something");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
