package io.jnsq.apps.nsqtonsq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.nsqtonsq.JsonFilter.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonFilterTest {
    @Test
    void withoutOptionsItIsInactive() {
        assertThat(new JsonFilter("", "", List.of()).active()).isFalse();
        assertThat(new JsonFilter("f", "", List.of()).active()).isTrue();
        assertThat(new JsonFilter("", "", List.of("k")).active()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // field, value, body, verdict
            "f |     | {\"f\":null}       | PASS",
            "f |     | {\"g\":1}          | DROP",
            "f | v   | {\"g\":1}          | BACKOFF",
            "f | v   | {\"f\":\"v\"}      | PASS",
            "f | v   | {\"f\":\"w\"}      | DROP",
            "f | 5   | {\"f\":5}          | PASS",
            "f | 5   | {\"f\":5.0}        | PASS",
            "f | 5   | {\"f\":\"5\"}      | PASS",
            "f | 5.5 | {\"f\":5}          | DROP",
            "f | v   | {\"f\":5}          | DROP",
            "f | v   | {\"f\":[\"v\"]}    | DROP",
            "f |     | [1]                | DROP",
            "f | v   | [1]                | BACKOFF",
            "f |     | not json           | DROP",
    })
    void requiredFieldAndValueAreNsqs(String field, String value, String body, Verdict verdict) throws Exception {
        JsonFilter filter = new JsonFilter(field, value == null ? "" : value, List.of());

        JsonFilter.Result result = filter.apply(body.getBytes(UTF_8));

        assertThat(result.verdict()).isEqualTo(verdict);
        if (verdict == Verdict.PASS) {
            assertThat(new String(result.body(), UTF_8)).isEqualTo(body);
        }
    }

    @Test
    void whitelistKeepsOnlyTheListedTopLevelKeysSorted() throws Exception {
        JsonFilter filter = new JsonFilter("", "", List.of("z", "a", "missing"));

        JsonFilter.Result result = filter.apply("{\"a\":1.0,\"b\":2,\"z\":{\"x\":[1,2.5]}}".getBytes(UTF_8));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(new String(result.body(), UTF_8)).isEqualTo("{\"a\":1,\"z\":{\"x\":[1,2.5]}}");
    }

    @Test
    void whitelistOfANonObjectFails() {
        JsonFilter filter = new JsonFilter("", "", List.of("a"));

        assertThatThrownBy(() -> filter.apply("[1]".getBytes(UTF_8))).isInstanceOf(IOException.class)
                .hasMessage("json is not an object");
    }
}
