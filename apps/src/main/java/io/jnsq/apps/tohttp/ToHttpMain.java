package io.jnsq.apps.tohttp;

import io.jnsq.apps.cli.ToolMain;

/** The nsq_to_http binary: sends each message of a topic's channel over HTTP, until SIGINT or SIGTERM. */
public final class ToHttpMain {
    private ToHttpMain() {
    }

    public static void main(String[] args) {
        ToolMain.run(ToHttpCommandLine::parse, ToHttp::new, args);
    }
}
