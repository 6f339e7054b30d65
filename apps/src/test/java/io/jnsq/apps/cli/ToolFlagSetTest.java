package io.jnsq.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.common.flags.Flag;
import io.jnsq.common.flags.FlagType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's flag package as NSQ's tools use it ({@code flag.Parse()} on the command line, exiting on error). */
class ToolFlagSetTest {
    static final class Options {
        boolean version;
        String name = "";
        String delimiter = "\n";
        int count = 7;
        boolean verbose;
        final List<String> items = new ArrayList<>();
    }

    private static final Flag<Options, Boolean> VERSION = ToolFlags.version(o -> o.version, (o, v) -> o.version = v);
    private static final ToolFlagSet<Options> FLAGS = new ToolFlagSet<>("tool", Options::new, List.of(VERSION,
            Flag.of("name", ToolFlags.STRING, o -> o.name, (o, v) -> o.name = v, "a name"),
            Flag.of("delimiter", ToolFlags.STRING, o -> o.delimiter, (o, v) -> o.delimiter = v, "a byte"),
            Flag.of("n", FlagType.INT, o -> o.count, (o, v) -> o.count = v, "how many"),
            Flag.of("v", FlagType.BOOL, o -> o.verbose, (o, v) -> o.verbose = v, "verbose"),
            ToolFlags.strings("item", o -> o.items, "an item (may be given multiple times)")), VERSION);

    @Test
    void repeatableFlagsAccumulateEveryOccurrenceCommasAndAll() throws Exception {
        Options o = FLAGS.parse("--item=a,b", "-item", "c", "--name=x", "--item=d");

        assertThat(o.items).containsExactly("a,b", "c", "d");
        assertThat(o.name).isEqualTo("x");
    }

    @Test
    void theFirstArgumentThatIsNotAFlagEndsThem() throws Exception {
        Options o = FLAGS.parse("--n=1", "positional", "--n=2");

        assertThat(o.count).isEqualTo(1);
    }

    @Test
    void versionPrintsNsqsToolVersionWhateverElseIsGiven() {
        assertThatThrownBy(() -> FLAGS.parse("--name=x", "--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("tool v1.3.0");
        assertThat(ToolFlagSet.versionLine("nsq_tail")).isEqualTo("nsq_tail v1.3.0");
    }

    @Test
    void helpPrintsTheUsageAndExitsZeroAsGoSince115() {
        for (String help : List.of("-h", "--help", "-help")) {
            assertThatThrownBy(() -> FLAGS.parse(help))
                    .isInstanceOfSatisfying(CommandLineExit.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.HELP);
                        assertThat(e.exitCode()).isZero();
                    })
                    .hasMessage(FLAGS.usage());
        }
    }

    @Test
    void aBadValueIsReportedAtOnceWithTheUsageAndStatus2() {
        assertThatThrownBy(() -> FLAGS.parse("--n=x", "--unknown"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid value \"x\" for flag -n: parse error\n" + FLAGS.usage());
        assertThatThrownBy(() -> FLAGS.parse("--v=maybe"))
                .hasMessage("invalid boolean value \"maybe\" for -v: parse error\n" + FLAGS.usage());
        assertThatThrownBy(() -> FLAGS.parse("--unknown", "--n=x"))
                .hasMessage("flag provided but not defined: -unknown\n" + FLAGS.usage());
        assertThatThrownBy(() -> FLAGS.parse("--n"))
                .hasMessage("flag needs an argument: -n\n" + FLAGS.usage());
        assertThatThrownBy(() -> FLAGS.parse("---n=1"))
                .hasMessage("bad flag syntax: ---n=1\n" + FLAGS.usage());
    }

    @Test
    void theUsageIsGosSortedWithQuotedStringDefaults() {
        assertThat(FLAGS.usage()).isEqualTo("""
                Usage of tool:
                  -delimiter string
                    \ta byte (default "\\n")
                  -item value
                    \tan item (may be given multiple times)
                  -n int
                    \thow many (default 7)
                  -name string
                    \ta name
                  -v\tverbose
                  -version
                    \tprint version string""");
    }
}
