package io.jnsq.nsqd;

import io.jnsq.common.cli.DaemonMain;

/** The nsqd binary: NSQ's command line, then nsqd until SIGINT or SIGTERM. */
public final class NsqdMain {
    private NsqdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqdOptions>("nsqd", NsqdCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> new Nsqd(options).start()).run(args);
    }
}
