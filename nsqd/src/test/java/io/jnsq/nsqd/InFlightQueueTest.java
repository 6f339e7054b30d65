package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InFlightQueueTest {

    @Test
    void expiresInDeadlineOrderWhateverOrderDeadlinesArriveIn() {
        InFlightQueue queue = new InFlightQueue();
        Map<Long, Long> deadlines = new HashMap<>();
        Random random = new Random(3);
        long now = 1_000_000;
        for (long id = 1; id <= 3000; id++) {
            // Mostly increasing like real deliveries, sometimes earlier like a TOUCH capped by max-msg-timeout.
            long deadline = random.nextInt(10) == 0 ? now + random.nextInt(5000) : now + 100_000 + id;
            queue.add(new Message(id, 0, new byte[0]), now, deadline);
            deadlines.put(id, deadline);
        }
        List<Long> ids = new ArrayList<>(deadlines.keySet());
        for (int i = 0; i < 1000; i++) {
            long id = ids.remove(random.nextInt(ids.size()));
            assertThat(queue.remove(id).id()).isEqualTo(id);
            deadlines.remove(id);
        }
        for (int i = 0; i < 300; i++) {
            long id = ids.get(random.nextInt(ids.size()));
            long deadline = now + random.nextInt(200_000);
            queue.setDeadline(queue.get(id), deadline);
            deadlines.put(id, deadline);
        }
        assertThat(queue.size()).isEqualTo(deadlines.size());
        long previous = Long.MIN_VALUE;
        Message m;
        int expired = 0;
        while ((m = queue.pollExpired(Long.MAX_VALUE - 1)) != null) {
            assertThat(m.priority).isEqualTo(deadlines.get(m.id())).isGreaterThanOrEqualTo(previous);
            assertThat(queue.contains(m.id())).isFalse();
            previous = m.priority;
            expired++;
        }
        assertThat(expired).isEqualTo(deadlines.size());
        assertThat(queue.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aTwinOfAMessageInFlightIsNotAdded() {
        InFlightQueue queue = new InFlightQueue();
        Message first = new Message(7, 0, new byte[0]);
        Message twin = new Message(7, 0, new byte[0]);
        assertThat(queue.add(first, 0, 100)).isTrue();
        assertThat(queue.add(twin, 10, 200)).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.get(7)).isSameAs(first);
        assertThat(queue.pollExpired(150)).isSameAs(first);
        assertThat(queue.pollExpired(Long.MAX_VALUE - 1)).as("the twin never joined the deadline list").isNull();
    }

    @Test
    void onlyDueMessagesExpire() {
        InFlightQueue queue = new InFlightQueue();
        queue.add(new Message(1, 0, new byte[0]), 0, 100);
        queue.add(new Message(2, 0, new byte[0]), 0, 200);
        assertThat(queue.pollExpired(150).id()).isEqualTo(1);
        assertThat(queue.pollExpired(150)).isNull();
        assertThat(queue.nextDeadline()).isEqualTo(200);
        assertThat(queue.contains(2)).isTrue();
    }

    @Test
    void drainHandsOverEverythingAndEmpties() {
        InFlightQueue queue = new InFlightQueue();
        for (long id = 1; id <= 10; id++) {
            queue.add(new Message(id, 0, new byte[0]), 0, 1000 - id);
        }
        List<Long> drained = new ArrayList<>();
        queue.drainTo(m -> drained.add(m.id()));
        assertThat(drained).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(queue.size()).isZero();
        assertThat(queue.get(3)).isNull();
    }
}
