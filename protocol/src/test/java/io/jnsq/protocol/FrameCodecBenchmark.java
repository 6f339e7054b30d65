package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Message frames, as nsqd writes them and a client reads them: {@value #FRAMES} frames of 200-byte bodies encoded into
 * one buffer, and decoded from one (the ID as two longs, the body copied into an array of its own).
 *
 * <p>Run: {@code bench/jmh protocol FrameCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    static final int FRAMES = 100;

    private final byte[] body = new byte[200];
    private final ByteBuf out = Unpooled.buffer(FRAMES * (Frames.MESSAGE_FRAME_OVERHEAD + 200));
    private final ByteBuf frames = Unpooled.buffer(FRAMES * (Frames.MESSAGE_FRAME_OVERHEAD + 200));
    private final FrameDecoder decoder = new FrameDecoder(1 << 20);
    private final FrameDecoder.MessageFactory factory = (timestamp, attempts, idHigh, idLow, b) -> b;

    @Setup
    public void encodeOnce() {
        for (int i = 0; i < FRAMES; i++) {
            Frames.writeMessage(frames, 0x18a3149e66c2a000L + i, System.nanoTime(), 1, body);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public ByteBuf encode() {
        out.clear();
        for (int i = 0; i < FRAMES; i++) {
            Frames.writeMessage(out, 0x18a3149e66c2a000L + i, 1_700_000_000_000_000_000L, 1, body);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int decode() {
        frames.readerIndex(0);
        int n = 0;
        while (decoder.decodeMessageOrFrame(frames, factory) != null) {
            n++;
        }
        return n;
    }
}
