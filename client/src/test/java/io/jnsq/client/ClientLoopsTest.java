package io.jnsq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollSocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientLoopsTest {
    @Test
    void onLinuxTheClientRunsOnEpoll() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "epoll's native library ships for Linux on x86-64 and ARM only");
        ClientLoops loops = ClientLoops.acquire();
        try {
            assertThat(loops.channelType()).isEqualTo(EpollSocketChannel.class);
        } finally {
            ClientLoops.release(loops);
        }
    }

    @Test
    void theThreadsEndWhenTheLastProducerOrConsumerIsClosedAndStartAgainForTheNext() {
        assumeTrue(ClientLoops.users() == 0, "another test left a producer or consumer open");
        Producer producer = new Producer("127.0.0.1:4150", Config.defaults());
        Consumer consumer = new Consumer("t", "c", Config.defaults(), m -> { });
        ClientLoops loops = ClientLoops.acquire();
        ClientLoops.release(loops);
        loops.group().submit(() -> { }).syncUninterruptibly(); // threads started
        producer.close(Duration.ofSeconds(1));
        assertThat(loops.group().isShuttingDown()).isFalse(); // the consumer is still open
        consumer.close(Duration.ofSeconds(1));
        assertThat(loops.group().isTerminated()).isTrue();
        assertThat(ClientLoops.users()).isZero();

        Producer next = new Producer("127.0.0.1:4150", Config.defaults());
        ClientLoops again = ClientLoops.acquire();
        ClientLoops.release(again);
        assertThat(again).isNotSameAs(loops);
        assertThat(again.group().isShuttingDown()).isFalse();
        next.close(Duration.ofSeconds(1));
        next.close(Duration.ofSeconds(1)); // a second close releases nothing more
        assertThat(ClientLoops.users()).isZero();
    }
}
