package io.jnsq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.Test;

class ClientLoopsTest {
    @Test
    void onLinuxTheClientRunsOnEpoll() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "epoll's native library ships for Linux on x86-64 and ARM only");
        assertThat(ClientLoops.shared().channelType()).isEqualTo(EpollSocketChannel.class);
    }
}
