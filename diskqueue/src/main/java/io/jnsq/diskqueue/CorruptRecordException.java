package io.jnsq.diskqueue;

import java.io.IOException;

/**
 * A disk queue record whose bytes make no sense, as opposed to a file that cannot be read: the queue skips
 * such a record and reads on, where a failing file is given up whole.
 */
final class CorruptRecordException extends IOException {
    private final boolean cutShort;

    CorruptRecordException(String message, boolean cutShort) {
        super(message);
        this.cutShort = cutShort;
    }

    /**
     * Whether the record runs past the end of the data. At the very end of a file that is what a crash in the
     * middle of a write leaves, a record that was never counted into the depth.
     */
    boolean cutShort() {
        return cutShort;
    }
}
