package io.jnsq.apps.nsqadmin;

import io.jnsq.apps.cli.DaemonMain;
import io.jnsq.apps.log.NsqLogging;
import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;

/** The nsqadmin binary: NSQ's command line, then nsqadmin until SIGINT or SIGTERM. */
public final class NsqadminMain {
    private NsqadminMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqadminOptions>("nsqadmin", NsqadminCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> new Nsqadmin(options).onLogLevelChange(NsqLogging::setLevel).start()::close).run(args);
    }
}
