package io.jnsq.diskqueue;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Byte records, as {@link RecordFormat#BYTES}, that keep the mark of every read and count the calls to drained. */
class RecordingFormat implements RecordFormat<byte[]> {
    final List<Long> marks = Collections.synchronizedList(new ArrayList<>());
    volatile int drained;

    @Override
    public int payloadSize(byte[] item) {
        return RecordFormat.BYTES.payloadSize(item);
    }

    @Override
    public void write(byte[] item, ByteBuf out) {
        RecordFormat.BYTES.write(item, out);
    }

    @Override
    public byte[] read(ByteBuffer buffer, int offset, int size, long mark) {
        marks.add(mark);
        return RecordFormat.BYTES.read(buffer, offset, size, mark);
    }

    @Override
    public void drained() {
        drained++;
    }
}
