package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageIdMapTest {

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        MessageIdMap map = new MessageIdMap();
        Map<Long, Message> expected = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        Random random = new Random(42);
        long base = 0x18a3149e66c2a000L;
        for (int op = 0; op < 200_000; op++) {
            int choice = random.nextInt(10);
            if (choice < 5 || keys.isEmpty()) {
                // Real IDs are close together: consecutive sequence numbers within a time tick.
                long id = base + random.nextInt(50_000);
                Message m = new Message(id, 0, new byte[0]);
                boolean added = map.putIfAbsent(id, m);
                assertThat(added).as("added only when absent").isEqualTo(!expected.containsKey(id));
                if (added) {
                    expected.put(id, m);
                    keys.add(id);
                }
            } else if (choice < 9) {
                long id = keys.remove(random.nextInt(keys.size()));
                assertThat(map.remove(id)).isSameAs(expected.remove(id));
            } else {
                long id = base + random.nextInt(50_000);
                assertThat(map.get(id)).isSameAs(expected.get(id));
            }
            assertThat(map.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<Long, Message> e : expected.entrySet()) {
            assertThat(map.get(e.getKey())).isSameAs(e.getValue());
        }
        assertThat(map.remove(base - 1)).isNull();
    }

    @Test
    void clearForgetsEverything() {
        MessageIdMap map = new MessageIdMap();
        map.putIfAbsent(1, new Message(1, 0, new byte[0]));
        map.clear();
        assertThat(map.get(1)).isNull();
        assertThat(map.size()).isZero();
    }
}
