package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.WireClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With --sync-every=1 every publish waits for its write and fsync on the storage thread, where the writes waiting
 * at once share one: the connection reads on once it is answered, so publishes sent back to back are answered in
 * order, and every message is stored once, in its connection's order.
 */
class GroupCommitTest extends ProtocolV2TestBase {
    private static final int CONNECTIONS = 4;
    private static final int PUBS = 50;

    @BeforeEach
    void everyWriteSynced() {
        options.syncEvery = 1;
        options.memQueueSize = 0;
    }

    @Test
    void publishesSentBackToBackOnSeveralConnectionsAreAnsweredAndStoredInOrder() {
        subscribe("t", "c").close();
        List<WireClient> producers = new ArrayList<>();
        for (int p = 0; p < CONNECTIONS; p++) {
            WireClient producer = connect();
            for (int i = 0; i < PUBS; i++) {
                producer.pub("t", p + ":" + i);
            }
            producer.mpub("t", List.of(utf8(p + ":" + PUBS), utf8(p + ":" + (PUBS + 1))));
            producer.dpub("t", 0, p + ":" + (PUBS + 2));
            producers.add(producer);
        }
        for (WireClient producer : producers) {
            for (int i = 0; i < PUBS + 2; i++) {
                producer.expectOk();
            }
            producer.assertNoFrame(QUIET);
        }

        WireClient consumer = subscribe("t", "c");
        int total = CONNECTIONS * (PUBS + 3);
        consumer.rdy(total);
        Map<String, List<Integer>> byConnection = new LinkedHashMap<>();
        for (int n = 0; n < total; n++) {
            String[] body = consumer.readMessage().bodyText().split(":");
            byConnection.computeIfAbsent(body[0], p -> new ArrayList<>()).add(Integer.parseInt(body[1]));
        }
        consumer.assertNoFrame(QUIET);
        List<Integer> inOrder = IntStream.range(0, PUBS + 3).boxed().toList();
        assertThat(byConnection).hasSize(CONNECTIONS).allSatisfy((p, sequence) -> assertThat(sequence)
                .as("connection %s", p).isEqualTo(inOrder));
    }

    /** A requeued message goes back to disk through the storage thread too (nobody waits for it) and comes back. */
    @Test
    void requeuedMessagesGoBackToDiskAndComeBackOnce() {
        WireClient consumer = subscribe("t", "c");
        String[] bodies = IntStream.range(0, 20).mapToObj(Integer::toString).toArray(String[]::new);
        publish("t", bodies);
        consumer.rdy(bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            consumer.req(consumer.readMessage().id(), 0);
        }
        List<String> back = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            Message m = consumer.readMessage();
            assertThat(m.attempts()).isEqualTo(2);
            back.add(m.bodyText());
            consumer.fin(m.id());
        }
        assertThat(back).containsExactlyInAnyOrder(bodies);
        consumer.assertNoFrame(QUIET);
    }
}
