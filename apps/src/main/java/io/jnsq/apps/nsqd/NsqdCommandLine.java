package io.jnsq.apps.nsqd;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.cli.FlagSet;
import io.jnsq.nsqd.NsqdFlags;
import io.jnsq.nsqd.NsqdOptions;

/**
 * nsqd's command line and config file, as NSQ's {@code apps/nsqd} reads them: {@link NsqdFlags} parsed by
 * {@link FlagSet}, then nsqd's own checks.
 */
public final class NsqdCommandLine {
    private static final FlagSet<NsqdOptions> FLAGS =
            new FlagSet<>("nsqd", NsqdOptions::new, NsqdFlags.ALL, NsqdFlags.VERSION, NsqdFlags.CONFIG);

    private NsqdCommandLine() {
    }

    /**
     * Parses and validates nsqd's arguments. Pure: prints nothing and never exits.
     *
     * @throws CommandLineExit for {@code --version}, {@code --help}, and arguments or a config file nsqd cannot use
     */
    public static NsqdOptions parse(String... args) throws CommandLineExit {
        NsqdOptions options = FLAGS.parse(args);
        // NSQ's nsqd.New: asking for client certificates implies TLS
        if (!options.tlsClientAuthPolicy.isEmpty() && options.tlsRequired == NsqdOptions.TLS_NOT_REQUIRED) {
            options.tlsRequired = NsqdOptions.TLS_REQUIRED;
        }
        try {
            options.validate();
        } catch (IllegalArgumentException e) {
            throw new CommandLineExit(Kind.FATAL, "failed to instantiate nsqd - " + e.getMessage());
        }
        return options;
    }

    /** Go's usage text: {@code Usage of nsqd:} then every flag, sorted, with its type, help and default. */
    public static String usage() {
        return FLAGS.usage();
    }
}
