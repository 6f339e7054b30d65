package io.jnsq.apps.nsqlookupd;

import io.jnsq.apps.cli.DaemonMain;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;

/** The nsqlookupd binary: NSQ's command line, then nsqlookupd until SIGINT or SIGTERM. */
public final class NsqlookupdMain {
    private NsqlookupdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqlookupdOptions>("nsqlookupd", NsqlookupdCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> new Nsqlookupd(options).start()::close).run(args);
    }
}
