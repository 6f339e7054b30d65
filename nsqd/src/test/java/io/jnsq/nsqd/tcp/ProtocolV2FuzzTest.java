package io.jnsq.nsqd.tcp;

import io.jnsq.nsqd.FuzzNsqdProperties;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.Mutations;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The V2 decoder over loopback against valid, damaged and random client streams, each sent in a few pieces and
 * then ended: nsqd answers with whole frames, errors are NSQ's with NSQ's fatality, it closes the connection
 * instead of hanging, nothing but protocol errors is logged, and it still takes a PUB afterwards.
 * {@code -Djnsq.fuzz.tries=N} runs it longer ({@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
class ProtocolV2FuzzTest extends FuzzNsqdProperties {
    @Property(tries = 400)
    void anyStreamGetsWholeFramesAndNsqsErrors(@ForAll("streams") byte[] input,
            @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 300) Integer> cuts) throws IOException {
        V2Answer answer = V2Answer.exchange(nsqd, input, cuts);

        answer.assertNsqErrors();
        nsqd.assertStillPublishes();
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return Mutations.validMutatedOrRandom(V2Streams.streams(), 300);
    }
}
