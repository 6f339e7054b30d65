package io.jnsq.nsqlookupd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqlookupd.LookupdTestBase;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.LookupWireClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real clock and a short lifetime: a tombstoned node comes back to /lookup by itself. */
class TombstoneRealTimeTest extends LookupdTestBase {
    TombstoneRealTimeTest() {
        clock = Clock.systemUTC();
        options.tombstoneLifetime = Duration.ofMillis(500);
    }

    @Test
    void aTombstonedNodeReturnsToLookupAfterTheLifetime() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("t", null).expectOk();
        long start = System.nanoTime();
        assertThat(post("/topic/tombstone?topic=t&node=127.0.0.1:4151").statusCode()).isEqualTo(200);

        Await.until(EVENTUALLY, () -> get("/lookup?topic=t").body().contains(peerId(nsqd)), "the node to return");
        // had it not been hidden, it would have been found at once
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(options.tombstoneLifetime);
    }
}
