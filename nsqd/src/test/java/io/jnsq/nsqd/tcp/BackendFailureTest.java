package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A disk write that fails makes nsqd unhealthy and fails the publish with NSQ's error, and nsqd recovers by
 * itself once writes succeed. The failure is simulated with a directory where the data file must go, since
 * tests may run as root, which ignores file permissions.
 */
class BackendFailureTest extends ProtocolV2TestBase {
    private Path blocker;

    @BeforeEach
    void diskOnly() {
        options.memQueueSize = 0;
        options.httpAddress = "127.0.0.1:0";
        blocker = dataDir.resolve("t:c.diskqueue.000000.dat");
    }

    /** With --sync-every=1 every publish's write goes through the storage thread. */
    @ParameterizedTest(name = "--sync-every={0}")
    @ValueSource(longs = {2500, 1})
    void aFailedDiskWriteFailsThePublishMarksNsqdUnhealthyAndRecovers(long syncEvery) throws Exception {
        options.syncEvery = syncEvery;
        subscribe("t", "c").close();
        assertThat(ping()).isEqualTo("200 OK");
        Files.createDirectory(blocker);

        WireClient producer = connect();
        producer.pub("t", "refused");
        assertThat(producer.readError()).startsWith("E_PUB_FAILED PUB failed DISKQUEUE(t:c) failed to write to ");
        producer.assertClosed(CLOSE_WITHIN);
        assertThat(ping()).startsWith("500 NOK - DISKQUEUE(t:c) failed to write to ");
        WireClient mpub = connect();
        mpub.mpub("t", List.of(utf8("refused too")));
        assertThat(mpub.readError()).startsWith("E_MPUB_FAILED MPUB failed DISKQUEUE(t:c) failed to write to ");

        Files.delete(blocker);
        publish("t", "after");
        assertThat(ping()).isEqualTo("200 OK");

        WireClient consumer = subscribe("t", "c");
        consumer.rdy(10);
        assertThat(consumer.readMessage().bodyText()).isEqualTo("after");
        consumer.assertNoFrame(QUIET);
    }
}
