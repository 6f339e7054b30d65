package io.jnsq.apps.nsqlookupd;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.FlagSet;
import io.jnsq.nsqlookupd.NsqlookupdFlags;
import io.jnsq.nsqlookupd.NsqlookupdOptions;

/** nsqlookupd's command line and config file, as NSQ's {@code apps/nsqlookupd} reads them. */
public final class NsqlookupdCommandLine {
    private static final FlagSet<NsqlookupdOptions> FLAGS = new FlagSet<>("nsqlookupd", NsqlookupdOptions::new,
            NsqlookupdFlags.ALL, NsqlookupdFlags.VERSION, NsqlookupdFlags.CONFIG);

    private NsqlookupdCommandLine() {
    }

    /**
     * Parses nsqlookupd's arguments. Pure: prints nothing and never exits. Addresses are checked when nsqlookupd
     * starts, as in NSQ.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments or a config file it cannot use
     */
    public static NsqlookupdOptions parse(String... args) throws CommandLineExit {
        return FLAGS.parse(args);
    }

    /** Go's usage text: {@code Usage of nsqlookupd:} then every flag, sorted, with its type, help and default. */
    public static String usage() {
        return FLAGS.usage();
    }
}
