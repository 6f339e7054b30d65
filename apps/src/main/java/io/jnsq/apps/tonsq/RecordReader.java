package io.jnsq.apps.tonsq;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * to_nsq's input split into records at a delimiter byte. A record is the bytes before its delimiter; the bytes after
 * the last delimiter, if any, are a last record, whole (NSQ cuts its last byte off, see docs/compatibility.md).
 */
final class RecordReader {
    private final InputStream in;
    private final byte delimiter;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] record = new byte[256];
    private boolean ended;

    RecordReader(InputStream in, byte delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record without its delimiter, possibly empty; null once the input has ended. */
    byte[] next() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                if (ended || !fill()) {
                    ended = true;
                    return length > 0 ? Arrays.copyOf(record, length) : null;
                }
            }
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != delimiter) {
                end++;
            }
            position = end < limit ? end + 1 : end;
            if (length == 0 && end < limit) {
                return Arrays.copyOfRange(buffer, start, end); // the usual case: a record within the buffer
            }
            length = append(length, start, end);
            if (end < limit) {
                return Arrays.copyOf(record, length);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        while (n == 0) {
            n = in.read(buffer);
        }
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int append(int length, int from, int to) {
        int count = to - from;
        if (length + count > record.length) {
            record = Arrays.copyOf(record, Math.max(record.length * 2, length + count));
        }
        System.arraycopy(buffer, from, record, length, count);
        return length + count;
    }
}
