package io.jnsq.nsqd.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.fuzz.Bounded;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.Mutations;
import java.io.IOException;
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
 * nsqd's reading of an auth server's reply (nsqd.md §9.7) over damaged and random replies: a grant, or an
 * {@link IOException} whose message nsqd logs before answering {@code E_AUTH_FAILED}; never another exception or
 * a hang. {@code -Djnsq.fuzz.tries=N} runs it longer.
 */
@AddLifecycleHook(FuzzTries.class)
class AuthReplyFuzzTest {
    private static final Bounded BOUNDED = new Bounded(Duration.ofSeconds(5));

    @AfterContainer
    static void stop() {
        BOUNDED.close();
    }

    @Property(tries = 2000)
    void aReplyIsAGrantOrAnIoException(@ForAll("replies") byte[] reply) throws Exception {
        BOUNDED.run(() -> {
            try {
                AuthState state = AuthReply.parse(reply, 0);
                assertThat(state.expiresNanos()).isPositive();
            } catch (IOException e) {
                assertThat(e.getMessage()).isNotNull();
            }
            return null;
        });
    }

    @Provide
    Arbitrary<byte[]> replies() {
        Arbitrary<String> strings = Arbitraries.of("\"\"", "\".*\"", "\"^t$\"", "\"(\"", "\"[\"", "\"\\\\\"", "null",
                "1", "\"publish\"", "\"subscribe\"", "\"other\"");
        Arbitrary<String> list = strings.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> grant = Combinators.combine(strings, list, list).as((t, c, p) ->
                "{\"topic\":" + t + ",\"channels\":" + c + ",\"permissions\":" + p + "}");
        Arbitrary<String> grants = Arbitraries.oneOf(grant, Arbitraries.just("null"), Arbitraries.just("1"))
                .list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> ttl = Arbitraries.of("3600", "1", "0", "-1", "1.5", "\"60\"", "null",
                "9223372036854775807", "9223372036854775808");
        Arbitrary<byte[]> valid = Combinators.combine(ttl, strings, grants).as((t, id, g) ->
                ("{\"ttl\":" + t + ",\"identity\":" + id + ",\"identity_url\":\"u\",\"authorizations\":" + g + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return Mutations.validMutatedOrRandom(valid, 200);
    }
}
