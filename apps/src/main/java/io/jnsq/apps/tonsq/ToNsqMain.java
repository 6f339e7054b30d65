package io.jnsq.apps.tonsq;

import io.jnsq.apps.cli.ToolMain;
import java.io.FileDescriptor;
import java.io.FileInputStream;

/** The to_nsq binary: publishes the records of stdin to nsqd, until the end of the input, SIGINT or SIGTERM. */
public final class ToNsqMain {
    private ToNsqMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(ToNsqCommandLine::parse, options -> new ToNsq(options, new FileInputStream(FileDescriptor.in)),
                args);
    }
}
