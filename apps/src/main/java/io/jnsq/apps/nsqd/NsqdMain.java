package io.jnsq.apps.nsqd;

import io.jnsq.apps.cli.DaemonMain;
import io.jnsq.apps.log.NsqLogging;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import java.util.concurrent.CompletionStage;

/**
 * The nsqd binary: NSQ's command line, then nsqd until SIGINT or SIGTERM; with {@code --sigterm=drain} SIGTERM
 * drains it, and it exits once drained ({@code PUT /config/drain} likewise, {@code PUT /config/shutdown} at once).
 */
public final class NsqdMain {
    private NsqdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new DaemonMain<NsqdOptions>("nsqd", NsqdCommandLine::parse,
                options -> new DaemonMain.Logging(options.logPrefix, options.logLevel),
                options -> running(new Nsqd(options).onLogLevelChange(NsqLogging::setLevel).start(),
                        options.sigterm.equals(NsqdOptions.SIGTERM_DRAIN))).run(args);
    }

    private static DaemonMain.Daemon running(Nsqd nsqd, boolean drainOnSigterm) {
        return new DaemonMain.Daemon() {
            @Override
            public CompletionStage<?> exitRequested() {
                return nsqd.exitRequested();
            }

            @Override
            public boolean stopOnSigterm() {
                if (!drainOnSigterm) {
                    return true;
                }
                nsqd.broker().drain();
                return false;
            }

            @Override
            public void close() {
                nsqd.close();
            }
        };
    }
}
