package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.HostPort;
import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LookupdClientTest {
    @Test
    void aRefusedConnectionIsNamedAsGoNamesIt() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        LookupdClient client = new LookupdClient(Config.defaults());
        Throwable failure = client.lookup("127.0.0.1:" + port, "t").handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(NsqException.class)
                .hasMessage("Get \"http://127.0.0.1:" + port + "/lookup?topic=t\": connection refused");
    }

    @Test
    void producersAreReadFromNsq1AndFromTheOlderAnswerWrappedInData() throws Exception {
        String producer = "{\"remote_address\":\"127.0.0.1:5\",\"broadcast_address\":\"h\",\"tcp_port\":4150,"
                + "\"http_port\":4151,\"version\":\"1.3.0\"}";
        assertThat(LookupdClient.producers(("{\"channels\":[\"c\"],\"producers\":[" + producer + "]}").getBytes(UTF_8)))
                .containsExactly(new HostPort("h", 4150));
        assertThat(LookupdClient.producers(("{\"status_code\":200,\"data\":{\"producers\":[" + producer + "]}}")
                .getBytes(UTF_8))).containsExactly(new HostPort("h", 4150));
    }
}
