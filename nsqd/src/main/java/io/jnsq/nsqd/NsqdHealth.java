package io.jnsq.nsqd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** nsqd's health as NSQ keeps it: the last write to disk decides, and a failed one names the error. */
final class NsqdHealth {
    /** Nsqd's logger: these are nsqd's lines, and applications filter its log by that name. */
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    /** A write to disk: to a backend or a deferred journal. */
    interface DiskWrite {
        void run() throws BackendException;
    }

    /** {@code null} when healthy, else the last backend write error. */
    private volatile String error;

    /** Runs a disk write, keeping the health flag as NSQ does: the last write decides. */
    void recordDiskWrite(DiskWrite write) throws BackendException {
        try {
            write.run();
            error = null;
        } catch (BackendException e) {
            error = e.getMessage();
            throw e;
        }
    }

    void logBackendFailure(String queue, BackendException e) {
        log.error("{}: failed to write message to backend - {}", queue, e.getMessage());
    }

    String error() {
        return error;
    }

    /** NSQ's health text: {@code OK}, or {@code NOK - <last backend write error>}. */
    String text() {
        String last = error;
        return last == null ? "OK" : "NOK - " + last;
    }
}
