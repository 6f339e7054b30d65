package io.jnsq.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * snappy framing read from a socket whose reads time out. SubWorker lets reads time out whenever nsqd is quiet,
 * to see whether the run is over, but snappy-java loses a chunk when a timeout strikes halfway through it. So a
 * timeout reaches the decoder only while it has taken nothing from the socket in the current read; after that
 * the rest of the chunk is waited for: nsqd writes whole chunks, so it is on its way.
 */
final class SnappyInput extends InputStream {
    /** A chunk that stops arriving halfway for this long means nsqd is hung. */
    private static final long MID_CHUNK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final TimeoutAtChunkStart gate;
    private final SnappyFramedInputStream decoder;

    /** Reads the stream identifier, which nsqd sends first. */
    SnappyInput(InputStream in) throws IOException {
        this.gate = new TimeoutAtChunkStart(in);
        this.decoder = new SnappyFramedInputStream(gate);
    }

    @Override
    public int read() throws IOException {
        gate.taken = false;
        return decoder.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        gate.taken = false;
        return decoder.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return decoder.available();
    }

    @Override
    public void close() throws IOException {
        decoder.close();
    }

    private static final class TimeoutAtChunkStart extends FilterInputStream {
        /** Whether the decoder took bytes since its caller's read began. */
        boolean taken;

        TimeoutAtChunkStart(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long stalledSince = 0;
            while (true) {
                try {
                    int n = in.read(b, off, len);
                    taken |= n > 0;
                    return n;
                } catch (SocketTimeoutException e) {
                    long now = System.nanoTime();
                    if (!taken || (stalledSince != 0 && now - stalledSince > MID_CHUNK_TIMEOUT_NANOS)) {
                        throw e;
                    }
                    if (stalledSince == 0) {
                        stalledSince = now;
                    }
                }
            }
        }
    }
}
