package io.jnsq.nsqd;

import io.jnsq.diskqueue.RecordFormat;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.MessageId;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * nsqd's disk queue records, as NSQ writes them: the payload of a message frame,
 * <pre>
 * [timestamp: int64 BE][attempts: uint16 BE][ID: 16 ASCII hex][body]
 * </pre>
 * A record whose ID is not hex is corrupt. The deadlines of deferred messages go to the queue's side file
 * ({@link DeferredDeadlines}) as their records are written, and come back as they are read, so the records stay in
 * NSQ's format.
 */
final class MessageRecords implements RecordFormat<Message> {
    /** Timestamp, attempts and ID: the smallest payload. */
    static final int MIN_SIZE = Frames.MESSAGE_HEADER_SIZE;
    /** Where the attempts and the ID start in a payload: after the timestamp, and the attempts. */
    private static final int ATTEMPTS_IN_PAYLOAD = 8;
    private static final int ID_IN_PAYLOAD = ATTEMPTS_IN_PAYLOAD + 2;

    private final DeferredDeadlines deadlines;

    MessageRecords(DeferredDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    public int payloadSize(Message m) {
        return MIN_SIZE + m.body.length;
    }

    @Override
    public void write(Message m, ByteBuf out) {
        Frames.writeMessagePayload(out, m.id, m.timestamp, m.attempts, m.body);
        deadlines.record(m);
    }

    @Override
    public Message read(ByteBuffer buffer, int offset, int size, long mark) {
        Message m = decode(buffer, offset, size);
        m.diskMark = mark;
        deadlines.restore(m);
        return m;
    }

    @Override
    public boolean isValidStart(byte[] array, int offset) {
        return MessageId.isValid(array, offset + ID_IN_PAYLOAD);
    }

    @Override
    public void drained() {
        deadlines.clear();
    }

    /** Appends {@code m} as a whole record, {@code [int32 BE size][payload]}, as the queue writes it. */
    static void writeRecord(ByteBuf out, Message m) {
        out.writeInt(MIN_SIZE + m.body.length);
        Frames.writeMessagePayload(out, m.id, m.timestamp, m.attempts, m.body);
    }

    /**
     * The message in the {@code size} bytes of a payload at {@code offset} of {@code b}, a buffer over a whole array.
     * Read in place: the body's copy is the one allocation.
     *
     * @throws IllegalArgumentException if its ID is not hex
     */
    static Message decode(ByteBuffer b, int offset, int size) {
        byte[] bytes = b.array();
        Message m = new Message(MessageId.parse(bytes, offset + ID_IN_PAYLOAD), b.getLong(offset),
                Arrays.copyOfRange(bytes, offset + MIN_SIZE, offset + size));
        m.attempts = b.getChar(offset + ATTEMPTS_IN_PAYLOAD); // uint16, as Message keeps it
        return m;
    }
}
