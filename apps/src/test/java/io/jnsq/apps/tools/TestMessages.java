package io.jnsq.apps.tools;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.WireClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Messages in and out of an in-process nsqd, for the tools' end-to-end tests. */
public final class TestMessages {
    private TestMessages() {
    }

    /** Publishes {@code prefix0} .. {@code prefix<count-1>} to {@code topic}; returns the bodies. */
    public static List<String> publish(Nsqd nsqd, String topic, String prefix, int count) throws Exception {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        for (String body : bodies) {
            nsqd.broker().topic(topic).publish(body.getBytes(UTF_8));
        }
        return bodies;
    }

    /** Takes {@code count} messages off a channel with a raw client, finishing each; returns their bodies. */
    public static List<String> drain(Nsqd nsqd, String topic, String channel, int count) {
        List<String> bodies = new ArrayList<>();
        try (WireClient client = WireClient.connect(nsqd.tcpAddress())) {
            client.sub(topic, channel).expectOk().rdy(count);
            for (int i = 0; i < count; i++) {
                Message m = client.readMessage();
                bodies.add(new String(m.body(), UTF_8));
                client.fin(m.id());
            }
        }
        return bodies;
    }
}
