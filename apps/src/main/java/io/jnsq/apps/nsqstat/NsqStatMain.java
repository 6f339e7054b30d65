package io.jnsq.apps.nsqstat;

import io.jnsq.apps.cli.ToolMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;

/** The nsq_stat binary: prints a channel's stats, summed over its topic's nsqd, every interval. */
public final class NsqStatMain {
    private NsqStatMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(NsqStatCommandLine::parse,
                options -> new NsqStat(options, new FileOutputStream(FileDescriptor.out)),
                List.of("HUP", "INT", "TERM"), args);
    }
}
