package io.jnsq.clusterinfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream failures of a call that still answered: NSQ's {@code ErrList}, which nsqadmin shows as a warning.
 * A call adds to it as it goes; thread-safe, since the calls to each upstream complete on the HTTP client's threads.
 */
public final class PartialErrors {
    private final List<String> errors = new ArrayList<>();

    public synchronized void add(String error) {
        errors.add(error);
    }

    synchronized void addAll(List<String> more) {
        errors.addAll(more);
    }

    public synchronized boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Each failure's text, in the order collected. */
    public synchronized List<String> messages() {
        return List.copyOf(errors);
    }

    /** For callers that take any failure as fatal (nsq_stat, nsq_to_file): the failures, one a line. */
    public void throwIfAny() throws IOException {
        if (!isEmpty()) {
            throw new IOException(toString());
        }
    }

    /** NSQ's {@code ErrList.Error()}: the failures joined by newlines. */
    @Override
    public synchronized String toString() {
        return String.join("\n", errors);
    }
}
