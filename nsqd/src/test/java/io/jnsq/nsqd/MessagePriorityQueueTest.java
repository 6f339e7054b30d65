package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessagePriorityQueueTest {

    @Test
    void pollsInPriorityOrderAfterRandomRemovalsAndUpdates() {
        MessagePriorityQueue queue = new MessagePriorityQueue(1);
        List<Message> live = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            Message m = new Message(i, 0, new byte[0]);
            queue.push(m, random.nextInt(100_000));
            live.add(m);
        }
        for (int i = 0; i < 1500; i++) {
            Message m = live.remove(random.nextInt(live.size()));
            queue.remove(m);
            assertThat(m.index).isEqualTo(-1);
        }
        for (int i = 0; i < 500; i++) {
            queue.update(live.get(random.nextInt(live.size())), random.nextInt(100_000));
        }
        assertThat(queue.size()).isEqualTo(live.size());
        long previous = Long.MIN_VALUE;
        Message m;
        int polled = 0;
        while ((m = queue.pollIfDue(Long.MAX_VALUE)) != null) {
            assertThat(m.priority).isGreaterThanOrEqualTo(previous);
            previous = m.priority;
            polled++;
        }
        assertThat(polled).isEqualTo(live.size());
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void pollIfDueLeavesFutureMessages() {
        MessagePriorityQueue queue = new MessagePriorityQueue(4);
        Message soon = new Message(1, 0, new byte[0]);
        Message later = new Message(2, 0, new byte[0]);
        queue.push(later, 200);
        queue.push(soon, 100);
        assertThat(queue.pollIfDue(150)).isSameAs(soon);
        assertThat(queue.pollIfDue(150)).isNull();
        assertThat(queue.peek()).isSameAs(later);
    }
}
