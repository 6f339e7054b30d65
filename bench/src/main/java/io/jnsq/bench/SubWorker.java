package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.MessageId;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * bench_reader's worker: one subscribed connection that sets RDY and FINs every message until its run time is
 * over. Message IDs are copied straight from the read buffer into a reusable buffer of FIN commands, which is
 * written when more than three quarters of the RDY count are waiting in it, when it is full, or when no
 * complete frame is left to read (so FINs never wait on a read that would block).
 */
final class SubWorker implements BenchRunner.Worker {
    private static final int READ_BUFFER_SIZE = 256 * 1024;
    private static final int MAX_PENDING = 1024 * 1024;
    /** A reader with nothing to read wakes this often to see whether the run was ended early. */
    private static final int MAX_IDLE_WAIT_MILLIS = 100;
    private static final byte[] FIN_TEMPLATE =
            Connection.encode(out -> Commands.fin(out, "0".repeat(MessageId.LENGTH)));
    private static final int FIN_LENGTH = FIN_TEMPLATE.length;
    private static final int ID_IN_FIN = FIN_TEMPLATE.length - 1 - MessageId.LENGTH;
    private static final int ID_IN_MESSAGE = Frames.MESSAGE_HEADER_SIZE - MessageId.LENGTH;

    private final Connection connection;
    private final FrameReader frames;
    private final int rdy;
    private final byte[] pending;
    private int pendingLength;

    private SubWorker(Connection connection, int rdy) {
        this.connection = connection;
        this.frames = connection.frames();
        this.rdy = rdy;
        this.pending = new byte[(int) Math.min(MAX_PENDING, Math.max(64 * 1024, (rdy + 2L) * FIN_LENGTH))];
    }

    /**
     * Dials nsqd, identifies, upgrades the connection to {@code features} and subscribes; messages flow only once
     * {@link #run(RunPeriod)} sends RDY.
     */
    static SubWorker connect(InetSocketAddress address, byte[] identify, Features features, byte[] sub, int rdy)
            throws IOException {
        Connection connection = Connection.open(address, READ_BUFFER_SIZE);
        try {
            connection.identify(identify, features);
            connection.handshake(sub, "SUB");
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        return new SubWorker(connection, rdy);
    }

    @Override
    public long run(RunPeriod period) throws IOException {
        connection.write(Connection.encode(out -> Commands.rdy(out, rdy)));
        double flushAbove = rdy * 0.75;
        int unflushed = 0;
        long messages = 0;
        while (true) {
            if (!frames.hasFrame()) {
                flush();
                unflushed = 0;
                long remaining = period.remainingNanos();
                if (remaining <= 0) {
                    break;
                }
                connection.socket().setSoTimeout((int) Math.min(MAX_IDLE_WAIT_MILLIS, remaining / 1_000_000 + 1));
                try {
                    if (!frames.fill()) {
                        throw new EOFException("connection closed by nsqd");
                    }
                } catch (SocketTimeoutException e) {
                    // nothing to read for a while: the loop checks whether the run is over
                }
                continue;
            }
            int type = frames.next();
            if (type == FrameType.MESSAGE.wireValue()) {
                fin();
                messages++;
                if (++unflushed > flushAbove) {
                    flush();
                    unflushed = 0;
                }
            } else if (type == FrameType.RESPONSE.wireValue()) {
                if (frames.isHeartbeat()) {
                    append(Connection.NOP, 0, Connection.NOP.length);
                }
            } else if (type == FrameType.ERROR.wireValue()) {
                throw new IOException("nsqd error: " + frames.text());
            } else {
                throw new IOException("unknown frame type " + type);
            }
        }
        return messages;
    }

    private void fin() throws IOException {
        if (frames.dataLength() < Frames.MESSAGE_HEADER_SIZE) {
            throw new IOException("message frame too short: " + frames.dataLength() + " bytes");
        }
        if (pendingLength + FIN_LENGTH > pending.length) {
            flush();
        }
        System.arraycopy(FIN_TEMPLATE, 0, pending, pendingLength, FIN_LENGTH);
        System.arraycopy(frames.buffer(), frames.dataStart() + ID_IN_MESSAGE, pending, pendingLength + ID_IN_FIN,
                MessageId.LENGTH);
        pendingLength += FIN_LENGTH;
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (pendingLength + length > pending.length) {
            flush();
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void flush() throws IOException {
        if (pendingLength > 0) {
            connection.write(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
