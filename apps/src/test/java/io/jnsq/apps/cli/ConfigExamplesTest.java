package io.jnsq.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.apps.nsqadmin.NsqadminCommandLine;
import io.jnsq.apps.nsqd.NsqdCommandLine;
import io.jnsq.apps.nsqlookupd.NsqlookupdCommandLine;
import io.jnsq.common.flags.Flag;
import io.jnsq.nsqadmin.NsqadminFlags;
import io.jnsq.nsqd.NsqdFlags;
import io.jnsq.nsqlookupd.NsqlookupdFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The distribution's example config files (distribution/src/dist/conf): each names every key its daemon reads,
 * and what it sets is the default, so that what they say stays true.
 */
class ConfigExamplesTest {
    /** Surefire runs in the module's directory. */
    private static final Path CONF = Path.of("..", "distribution", "src", "dist", "conf");

    @Test
    void nsqdsExampleHoldsTheDefaultsAndNamesEveryKey() throws Exception {
        Path example = CONF.resolve("nsqd.cfg.example");

        assertThat(NsqdCommandLine.parse("--config=" + example)).usingRecursiveComparison()
                .isEqualTo(NsqdCommandLine.parse());
        assertNamesEveryKey(example, NsqdFlags.ALL);
    }

    @Test
    void nsqlookupdsExampleHoldsTheDefaultsAndNamesEveryKey() throws Exception {
        Path example = CONF.resolve("nsqlookupd.cfg.example");

        assertThat(NsqlookupdCommandLine.parse("--config=" + example)).usingRecursiveComparison()
                .isEqualTo(NsqlookupdCommandLine.parse());
        assertNamesEveryKey(example, NsqlookupdFlags.ALL);
    }

    @Test
    void nsqadminsExampleHoldsTheDefaultsAndNamesEveryKey() throws Exception {
        Path example = CONF.resolve("nsqadmin.cfg.example");

        assertThat(NsqadminCommandLine.parse("--config=" + example)).usingRecursiveComparison()
                .isEqualTo(NsqadminCommandLine.parse());
        assertNamesEveryKey(example, NsqadminFlags.ALL);
    }

    private static <O> void assertNamesEveryKey(Path example, List<Flag<O, ?>> flags) throws IOException {
        String text = Files.readString(example);
        for (Flag<O, ?> flag : flags) {
            if (flag.isBound()) {
                assertThat(Pattern.compile("(?m)^(# )?" + flag.configKey() + " = ").matcher(text).find())
                        .as("%s names %s", example.getFileName(), flag.configKey()).isTrue();
            }
        }
    }
}
