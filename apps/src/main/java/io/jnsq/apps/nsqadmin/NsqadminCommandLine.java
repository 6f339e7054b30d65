package io.jnsq.apps.nsqadmin;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.FlagSet;
import io.jnsq.nsqadmin.NsqadminFlags;
import io.jnsq.nsqadmin.NsqadminOptions;

/** nsqadmin's command line and config file, as NSQ's {@code apps/nsqadmin} reads them. */
public final class NsqadminCommandLine {
    private static final FlagSet<NsqadminOptions> FLAGS = new FlagSet<>("nsqadmin", NsqadminOptions::new,
            NsqadminFlags.ALL, NsqadminFlags.VERSION, NsqadminFlags.CONFIG);

    private NsqadminCommandLine() {
    }

    /**
     * Parses nsqadmin's arguments. Pure: prints nothing and never exits. The options are checked when nsqadmin is
     * made, as in NSQ.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments or a config file it cannot use
     */
    public static NsqadminOptions parse(String... args) throws CommandLineExit {
        return FLAGS.parse(args);
    }

    /** Go's usage text: {@code Usage of nsqadmin:} then every flag, sorted, with its type, help and default. */
    public static String usage() {
        return FLAGS.usage();
    }
}
