package io.jnsq.diskqueue;

import java.io.IOException;

/**
 * A disk queue could not store items, or could not remove what {@link DiskQueue#empty empty} should have; the message
 * is go-diskqueue's text where it has one.
 */
public final class DiskQueueException extends IOException {
    DiskQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
