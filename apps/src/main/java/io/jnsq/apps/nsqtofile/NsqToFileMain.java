package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.cli.ToolMain;
import java.util.List;
import java.util.Map;

/** The nsq_to_file binary: writes topics' messages to files until SIGINT or SIGTERM; SIGHUP closes the files. */
public final class NsqToFileMain {
    private NsqToFileMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(NsqToFileCommandLine::parse, NsqToFile::new, List.of("INT", "TERM"),
                Map.of("HUP", NsqToFile::hup), args);
    }
}
