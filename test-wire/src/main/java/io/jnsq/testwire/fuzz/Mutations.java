package io.jnsq.testwire.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Byte strings made by damaging valid input: flipped bits, interesting bytes and 32-bit sizes written over it or
 * into it, ranges cut, repeated or filled with random bytes, the end cut off. Input that is almost right gets past the
 * first checks of a decoder and into the deep ones, which random bytes rarely reach.
 */
public final class Mutations {
    /** Sizes and counts near the edges every length check has. */
    private static final int[] INTERESTING_INTS = {0, 1, -1, 2, 4, 5, 25, 26, 27, 255, 256, 1024, 16384, 65535,
        65536, 1048576, 1048577, 5242880, 5242881, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 3};
    private static final byte[] INTERESTING_BYTES = {0, 1, -1, 0x7f, (byte) 0x80, ' ', '\n', '\r', '"', '{', '}',
        '0', '9', 'a', 'f', 'g', '#', '%', '&', '=', '+', ';', ':', (byte) 0xc3, (byte) 0xff};

    private Mutations() {
    }

    /** One to four mutations of each value {@code valid} generates. */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, damage()).as((bytes, damage) -> damage.apply(bytes));
    }

    /**
     * One to four mutations in a row, for input the test makes only once the try runs (a file it writes, say).
     * Each returns a new array; the input is left as it was.
     */
    public static Arbitrary<UnaryOperator<byte[]>> damage() {
        return mutation().list().ofMinSize(1).ofMaxSize(4).map(ops -> bytes -> {
            byte[] result = bytes;
            for (Mutation op : ops) {
                result = op.apply(result);
            }
            return result;
        });
    }

    /** Mixes the valid values, their mutations and plain random bytes. */
    public static Arbitrary<byte[]> validMutatedOrRandom(Arbitrary<byte[]> valid, int maxRandomSize) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, valid),
                Tuple.of(6, of(valid)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(maxRandomSize)));
    }

    /** A change to a byte string; the positions are fractions of its length, so they fit any input. */
    @FunctionalInterface
    interface Mutation {
        byte[] apply(byte[] in);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> small = Arbitraries.integers().between(1, 16);
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(Mutations::flipBit),
                Combinators.combine(at, Arbitraries.of(toList(INTERESTING_BYTES))).as(Mutations::setByte),
                Combinators.combine(at, Arbitraries.of(Arrays.stream(INTERESTING_INTS).boxed().toList()))
                        .as(Mutations::setInt),
                Combinators.combine(at, Arbitraries.of(Arrays.stream(INTERESTING_INTS).boxed().toList()))
                        .as(Mutations::insertInt),
                Combinators.combine(at, small).as(Mutations::cut),
                Combinators.combine(at, small).as(Mutations::repeat),
                Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                        .as(Mutations::insert),
                at.map(Mutations::truncate));
    }

    private static Mutation flipBit(double at, int bit) {
        return in -> {
            if (in.length == 0) {
                return in;
            }
            byte[] out = in.clone();
            out[index(at, in.length)] ^= (byte) (1 << bit);
            return out;
        };
    }

    private static Mutation setByte(double at, byte value) {
        return in -> {
            if (in.length == 0) {
                return new byte[] {value};
            }
            byte[] out = in.clone();
            out[index(at, in.length)] = value;
            return out;
        };
    }

    private static Mutation setInt(double at, int value) {
        return in -> {
            if (in.length < 4) {
                return in;
            }
            byte[] out = in.clone();
            ByteBuffer.wrap(out).putInt(index(at, in.length - 3), value);
            return out;
        };
    }

    /** A size put in front of what was there: a length prefix where none belongs, everything after it shifted. */
    private static Mutation insertInt(double at, int value) {
        return insert(at, ByteBuffer.allocate(4).putInt(value).array());
    }

    private static Mutation cut(double at, int length) {
        return in -> {
            int from = index(at, in.length + 1);
            int to = Math.min(in.length, from + length);
            return concat(Arrays.copyOfRange(in, 0, from), Arrays.copyOfRange(in, to, in.length));
        };
    }

    private static Mutation repeat(double at, int length) {
        return in -> {
            int from = index(at, in.length + 1);
            int to = Math.min(in.length, from + length);
            return concat(Arrays.copyOfRange(in, 0, to), Arrays.copyOfRange(in, from, in.length));
        };
    }

    private static Mutation insert(double at, byte[] bytes) {
        return in -> {
            int from = index(at, in.length + 1);
            return concat(concat(Arrays.copyOfRange(in, 0, from), bytes), Arrays.copyOfRange(in, from, in.length));
        };
    }

    private static Mutation truncate(double at) {
        return in -> Arrays.copyOf(in, index(at, in.length + 1));
    }

    private static int index(double at, int length) {
        return Math.min(length - 1, (int) (at * length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }
}
