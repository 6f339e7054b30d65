package io.jnsq.apps.nsqtail;

import io.jnsq.apps.cli.ToolMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * The nsq_tail binary: consumes topics and writes each message body to stdout, until SIGINT, SIGTERM or
 * {@code --n}.
 */
public final class NsqTailMain {
    private NsqTailMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(NsqTailCommandLine::parse,
                options -> new NsqTail(options, new FileOutputStream(FileDescriptor.out)), args);
    }
}
