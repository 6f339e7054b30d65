package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.common.http.HttpException;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.Mutations;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@code POST /mpub} bodies, random and damaged, with small limits so that every limit is hit often; each result
 * is compared with a model of NSQ's doMPUB (nsqd.md §3.2) written from the reference. {@code -Djnsq.fuzz.tries=N}
 * runs it longer.
 */
@AddLifecycleHook(FuzzTries.class)
class MpubReaderFuzzTest {
    private static final long MAX_MSG = 6;
    private static final long MAX_BODY = 30;

    /** Go reads lines through {@code io.LimitReader(body, maxBody+1)}, so the reader never gets more. */
    @Property(tries = 1000)
    void textBodiesAreSplitAsNsqSplitsThem(@ForAll("textBodies") byte[] body) {
        assertThat(outcome(() -> MpubReader.readText(body, MAX_MSG, MAX_BODY))).isEqualTo(goText(body));
    }

    @Property(tries = 1000)
    void binaryBodiesAreCheckedAsNsqChecksThem(@ForAll("binaryBodies") byte[] body) {
        assertThat(outcome(() -> MpubReader.readBinary(body, MAX_MSG, MAX_BODY))).isEqualTo(goBinary(body));
    }

    /** Letters, newlines and carriage returns: long lines, empty lines and trailing newlines are all common. */
    @Provide
    Arbitrary<byte[]> textBodies() {
        return Arbitraries.frequency(Tuple.of(4, (byte) 'a'), Tuple.of(2, (byte) '\n'), Tuple.of(1, (byte) '\r'))
                .list().ofMaxSize((int) MAX_BODY + 1).map(bytes -> {
                    byte[] body = new byte[bytes.size()];
                    for (int i = 0; i < body.length; i++) {
                        body[i] = bytes.get(i);
                    }
                    return body;
                });
    }

    @Provide
    Arbitrary<byte[]> binaryBodies() {
        Arbitrary<byte[]> valid = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize((int) MAX_MSG)
                .list().ofMinSize(1).ofMaxSize(4).map(messages -> {
                    ByteBuffer out = ByteBuffer.allocate(4 + messages.size() * (4 + (int) MAX_MSG));
                    out.putInt(messages.size());
                    messages.forEach(m -> out.putInt(m.length).put(m));
                    return Arrays.copyOf(out.array(), out.position());
                });
        return Mutations.validMutatedOrRandom(valid, 40);
    }

    /** The messages as strings, or the refusal as "status MESSAGE". */
    private static List<String> outcome(Read read) {
        try {
            return read.run().stream().map(Arrays::toString).toList();
        } catch (HttpException e) {
            return List.of(e.status() + " " + e.getMessage());
        }
    }

    private interface Read {
        List<byte[]> run() throws HttpException;
    }

    /** NSQ's text loop: ReadBytes('\n'), the running total checked first, then the trimmed line. */
    private static List<String> goText(byte[] body) {
        List<String> messages = new ArrayList<>();
        int total = 0;
        int start = 0;
        boolean exit = false;
        while (!exit) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            exit = end == body.length;
            int blockEnd = exit ? end : end + 1;
            total += blockEnd - start;
            if (total > MAX_BODY) {
                return List.of("413 BODY_TOO_BIG");
            }
            byte[] line = Arrays.copyOfRange(body, start, end);
            start = blockEnd;
            if (line.length == 0) {
                continue;
            }
            if (line.length > MAX_MSG) {
                return List.of("413 MSG_TOO_BIG");
            }
            messages.add(Arrays.toString(line));
        }
        return messages;
    }

    /** NSQ's readMPUB without the outer size; its E_ codes become 413 without the prefix. */
    private static List<String> goBinary(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        if (in.remaining() < 4) {
            return List.of("413 BAD_BODY");
        }
        int count = in.getInt();
        if (count <= 0 || count > (MAX_BODY - 4) / 5) {
            return List.of("413 BAD_BODY");
        }
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                return List.of("413 BAD_MESSAGE");
            }
            int size = in.getInt();
            if (size <= 0 || size > MAX_MSG || in.remaining() < size) {
                return List.of("413 BAD_MESSAGE");
            }
            byte[] message = new byte[size];
            in.get(message);
            messages.add(Arrays.toString(message));
        }
        return messages;
    }
}
