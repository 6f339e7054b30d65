package io.jnsq.common.net;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ListenerTest {
    @Test
    void aTakenPortFailsWithNsqsWords() throws IOException {
        try (EventLoops loops = new EventLoops(1);
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Listener.bind(loops, new InetSocketAddress("127.0.0.1", port), ch -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessage("listen (127.0.0.1:" + port + ") failed - listen tcp 127.0.0.1:" + port
                            + ": bind: address already in use");
        }
    }
}
