package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.cli.ToolMain;

/** The nsq_to_nsq binary: consumes topics and republishes every message to destination nsqd, until SIGINT/SIGTERM. */
public final class NsqToNsqMain {
    private NsqToNsqMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(NsqToNsqCommandLine::parse, NsqToNsq::new, args);
    }
}
