package io.jnsq.diskqueue;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * What a {@link DiskQueue}'s records hold: the queue frames each payload as {@code [int32 BE size][payload]} and
 * knows nothing else of it. {@link #BYTES} stores byte arrays as they are; nsqd's format is a message (timestamp,
 * attempts, ID, body), as go-diskqueue's callers write it.
 *
 * <p>Every method is called under the queue's lock, so a format may keep state that follows the records (nsqd keeps
 * the deadlines of deferred messages) without a lock of its own.
 *
 * @param <T> the item a record holds
 */
public interface RecordFormat<T> {
    /** Byte arrays stored as they are. */
    RecordFormat<byte[]> BYTES = new RecordFormat<>() {
        @Override
        public int payloadSize(byte[] item) {
            return item.length;
        }

        @Override
        public void write(byte[] item, ByteBuf out) {
            out.writeBytes(item);
        }

        @Override
        public byte[] read(ByteBuffer buffer, int offset, int size, long mark) {
            byte[] item = new byte[size];
            buffer.get(offset, item);
            return item;
        }
    };

    /** The size of {@code item}'s payload in bytes. */
    int payloadSize(T item);

    /** Appends exactly {@link #payloadSize} bytes of {@code item}'s payload to {@code out}. */
    void write(T item, ByteBuf out);

    /**
     * The item in the {@code size} bytes at {@code offset} of {@code buffer}, which has an accessible array; the bytes
     * are only lent for the call. {@code mark} is the record's {@link DiskQueue#release release} mark in a queue that
     * holds its reads, 0 in one that does not.
     */
    T read(ByteBuffer buffer, int offset, int size, long mark);

    /**
     * Whether the first {@code minPayloadSize} bytes of a payload, at {@code offset} of {@code array}, can start a
     * record: a stricter check than the size alone, so that a corrupt record is found out and the next whole one
     * after it is found (nsqd checks that the message ID is hex). Yes by default.
     */
    default boolean isValidStart(byte[] array, int offset) {
        return true;
    }

    /**
     * Every record written so far was read or dropped (emptied, deleted, lost to corruption): state kept per record
     * can go.
     */
    default void drained() {
    }
}
