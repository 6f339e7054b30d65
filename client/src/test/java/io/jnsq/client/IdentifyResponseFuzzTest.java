package io.jnsq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.fuzz.Bounded;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The client's reading of nsqd's IDENTIFY answer over damaged and random answers: it grants what a well-formed
 * answer says, and anything else ends in {@link NsqException} (which fails the connection attempt) or in nothing
 * granted, never in another exception or a hang. {@code -Djnsq.fuzz.tries=N} runs it longer.
 */
@AddLifecycleHook(FuzzTries.class)
class IdentifyResponseFuzzTest {
    private static final Bounded BOUNDED = new Bounded(Duration.ofSeconds(5));

    @AfterContainer
    static void stop() {
        BOUNDED.close();
    }

    @Property(tries = 2000)
    void anAnswerIsReadOrRefusedWithNsqException(@ForAll("answers") byte[] answer) throws Exception {
        BOUNDED.run(() -> {
            try {
                IdentifyResponse.parse(answer);
            } catch (NsqException e) {
                assertThat(e.getMessage()).startsWith("IDENTIFY: ");
            }
            return null;
        });
    }

    @Property(tries = 300)
    void aWellFormedAnswerGrantsWhatItSays(@ForAll("grants") IdentifyResponse granted) {
        String json = "{\"max_rdy_count\":" + granted.maxRdyCount() + ",\"version\":\"1.3.0\",\"max_msg_timeout\":"
                + "900000,\"msg_timeout\":" + granted.msgTimeoutMillis() + ",\"tls_v1\":" + granted.tlsV1()
                + ",\"deflate\":" + granted.deflate() + ",\"deflate_level\":" + granted.deflateLevel()
                + ",\"max_deflate_level\":6,\"snappy\":" + granted.snappy() + ",\"sample_rate\":0,\"auth_required\":"
                + granted.authRequired() + ",\"output_buffer_size\":16384,\"output_buffer_timeout\":250,"
                + "\"topology_region\":\"\",\"topology_zone\":\"\"}";

        assertThat(IdentifyResponse.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(granted);
    }

    @Provide
    Arbitrary<IdentifyResponse> grants() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(Arbitraries.longs().between(0, 1_000_000), flag, flag,
                Arbitraries.integers().between(0, 9), flag, flag, Arbitraries.longs().between(0, 3_600_000))
                .as(IdentifyResponse::new);
    }

    @Provide
    Arbitrary<byte[]> answers() {
        Arbitrary<byte[]> valid = grants().map(g -> ("{\"max_rdy_count\":" + g.maxRdyCount() + ",\"tls_v1\":"
                + g.tlsV1() + ",\"deflate\":" + g.deflate() + ",\"deflate_level\":" + g.deflateLevel()
                + ",\"snappy\":" + g.snappy() + ",\"auth_required\":" + g.authRequired() + ",\"msg_timeout\":"
                + g.msgTimeoutMillis() + ",\"version\":\"1.3.0\",\"x\":[{\"y\":null}]}")
                .getBytes(StandardCharsets.UTF_8));
        return Mutations.validMutatedOrRandom(valid, 200);
    }
}
