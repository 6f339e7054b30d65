package io.jnsq.nsqlookupd;

import io.jnsq.common.cli.DaemonMain;

/** The nsqlookupd binary: NSQ's command line, then nsqlookupd until SIGINT or SIGTERM. */
public final class NsqlookupdMain {
    private NsqlookupdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqlookupdOptions>("nsqlookupd", NsqlookupdCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> new Nsqlookupd(options).start()).run(args);
    }
}
