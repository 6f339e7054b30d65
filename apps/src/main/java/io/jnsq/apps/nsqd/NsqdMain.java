package io.jnsq.apps.nsqd;

import io.jnsq.apps.cli.DaemonMain;
import io.jnsq.apps.log.NsqLogging;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdOptions;

/** The nsqd binary: NSQ's command line, then nsqd until SIGINT or SIGTERM. */
public final class NsqdMain {
    private NsqdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqdOptions>("nsqd", NsqdCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> new Nsqd(options).onLogLevelChange(NsqLogging::setLevel).start()).run(args);
    }
}
