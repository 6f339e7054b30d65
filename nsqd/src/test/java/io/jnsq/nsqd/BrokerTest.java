package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A broker on its own, without nsqd's servers: messaging inside one process, kept across a restart. */
@Timeout(30)
class BrokerTest {
    @TempDir
    Path dataPath;

    private NsqdOptions options() {
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dataPath.toString();
        return options;
    }

    @Test
    void aBrokerWithoutServersKeepsWhatItWasGivenAcrossARestart() throws Exception {
        try (Broker broker = new Broker(options())) {
            broker.open();
            Topic topic = broker.topic("orders");
            topic.channel("billing");
            topic.publish("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(broker.existingTopic("orders").existingChannel("billing").depth()).isEqualTo(1);
        }
        try (Broker again = new Broker(options())) {
            again.open();
            assertThat(again.existingTopic("orders").existingChannel("billing").depth()).isEqualTo(1);
        }
    }

    @Test
    void theOptionsAreCopiedAndCheckedAsNsqdChecksThem() throws Exception {
        NsqdOptions given = options();
        try (Broker broker = new Broker(given)) {
            given.memQueueSize = 1;
            assertThat(broker.options().memQueueSize).isEqualTo(new NsqdOptions().memQueueSize);
        }
        NsqdOptions bad = options();
        bad.nodeId = 1024;
        assertThatThrownBy(() -> new Broker(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--node-id must be [0,1024)");
    }

    @Test
    void aSecondBrokerOnTheSameDataPathIsRefused() throws Exception {
        try (Broker broker = new Broker(options()); Broker second = new Broker(options())) {
            broker.open();
            assertThatThrownBy(second::open).isInstanceOf(java.io.IOException.class);
        }
    }
}
