package io.jnsq.nsqd.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** nsqd started with --statsd-address: its own reporter, on its timer, with its host key and the JVM's memory. */
@Timeout(30)
class NsqdStatsdTest {
    @TempDir
    Path dataPath;
    private final StatsdReceiver statsd = new StatsdReceiver();
    private Nsqd nsqd;

    private String start(Consumer<NsqdOptions> configure) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        options.broadcastAddress = "127.0.0.1";
        options.statsdAddress = statsd.address();
        options.statsdInterval = Duration.ofMillis(200);
        configure.accept(options);
        nsqd = new Nsqd(options).start();
        return "nsq.127_0_0_1_" + nsqd.httpAddress().getPort() + ".";
    }

    @AfterEach
    void stop() {
        if (nsqd != null) {
            nsqd.close();
        }
        statsd.close();
    }

    @Test
    void pushesEveryIntervalUnderTheHostKeyWithTheJvmsMemory() throws Exception {
        String prefix = start(o -> { });
        nsqd.broker().topic("t").publish("hello".getBytes());

        // the push that first sees the topic sends its whole count, whichever push that is
        List<String> first = statsd.linesThrough(prefix + "mem.gc_runs:");
        while (!first.get(0).startsWith(prefix + "topic.t.")) {
            first = statsd.linesThrough(prefix + "mem.gc_runs:");
        }
        List<String> second = statsd.linesThrough(prefix + "mem.gc_runs:");

        assertThat(first).startsWith(prefix + "topic.t.message_count:1|c", prefix + "topic.t.message_bytes:5|c",
                prefix + "topic.t.depth:1|g", prefix + "topic.t.backend_depth:0|g");
        assertThat(second).startsWith(prefix + "topic.t.message_count:0|c", prefix + "topic.t.message_bytes:0|c");
        assertThat(first.subList(4, first.size())).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly(prefix + "mem.heap_objects", prefix + "mem.heap_idle_bytes",
                        prefix + "mem.heap_in_use_bytes", prefix + "mem.heap_released_bytes",
                        prefix + "mem.gc_pause_usec_100", prefix + "mem.gc_pause_usec_99",
                        prefix + "mem.gc_pause_usec_95", prefix + "mem.next_gc_bytes", prefix + "mem.gc_runs");
        String heapInUse = first.get(6);
        assertThat(Long.parseLong(heapInUse.substring(heapInUse.indexOf(':') + 1, heapInUse.length() - 2)))
                .isPositive();
        assertThat(first.get(first.size() - 1)).endsWith("|c");
    }

    @Test
    void withoutMemStatsOnlyTopicsAndChannels() throws Exception {
        String prefix = start(o -> o.statsdMemStats = false);
        nsqd.broker().topic("t").channel("c");

        // a push may come between the topic and its channel: the last 12 lines are a whole push
        List<String> received = statsd.linesThrough(prefix + "topic.t.channel.c.clients:");
        List<String> lines = received.subList(received.size() - 12, received.size());

        assertThat(lines).allMatch(line -> line.startsWith(prefix + "topic.t."));
        assertThat(lines.get(11)).isEqualTo(prefix + "topic.t.channel.c.clients:0|g");
    }
}
