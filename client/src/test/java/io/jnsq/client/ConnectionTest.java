package io.jnsq.client;

import static io.jnsq.client.ScriptedNsqd.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.HostPort;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionTest {
    private ScriptedNsqd nsqd;
    private ClientLoops loops;

    @BeforeEach
    void start() throws Exception {
        nsqd = new ScriptedNsqd();
        loops = ClientLoops.acquire();
    }

    @AfterEach
    void stop() throws Exception {
        ClientLoops.release(loops);
        nsqd.close();
    }

    private Connection open() throws Exception {
        Connection.Listener ignore = new Connection.Listener() {
            @Override
            public void onMessage(Connection c, Message m) {
            }

            @Override
            public void onError(Connection c, NsqErrorException e) {
            }

            @Override
            public void onClose(Connection c, Throwable cause) {
            }
        };
        Connection c = Connection.open(HostPort.parse(nsqd.address()), Config.defaults(), loops, ignore)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(nsqd.takeCommand().line()).isEqualTo("IDENTIFY");
        return c;
    }

    /**
     * A consumer's stop asks for the close on the event loop (after CLOSE_WAIT) while the FIN of the last message,
     * answered on a handler thread, may still be queued behind it: the close must not overtake it.
     */
    @Test
    void closeAfterQueuedWritesWhatWasQueuedBeforeItOnTheEventLoop() throws Exception {
        Connection c = open();
        c.readThread().execute(() -> {
            c.send(Commands::nop); // its write task is queued after this one
            c.closeAfterQueued();
        });
        assertThat(nsqd.takeCommand().line()).isEqualTo("NOP");
        nsqd.awaitDisconnected(0, WAIT);
    }
}
