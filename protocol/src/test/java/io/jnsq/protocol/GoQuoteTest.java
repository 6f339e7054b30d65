package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoQuoteTest {

    /** Expected values are what Go's {@code fmt.Sprintf("%q", s)} prints for the same bytes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "74 31                | \"t1\"",
        "74 22 5c             | \"t\\\"\\\\\"",
        "00 07 08 09 0a 0b 0c 0d 1b 7f | \"\\x00\\a\\b\\t\\n\\v\\f\\r\\x1b\\x7f\"",
        "74 c3 b6             | \"tö\"",
        "e6 97 a5 e6 9c ac    | \"日本\"",
        "f0 9f 98 80          | \"😀\"",
        "c2 a0                | \"\\u00a0\"",
        "c2 ad                | \"\\u00ad\"",
        "c2 85                | \"\\u0085\"",
        "e2 80 8b             | \"\\u200b\"",
        "f3 a0 80 81          | \"\\U000e0001\"",
        "ff                   | \"\\xff\"",
        "c3                   | \"\\xc3\"",
        "c3 41                | \"\\xc3A\"",
        "c0 af                | \"\\xc0\\xaf\"",
        "e0 80 af             | \"\\xe0\\x80\\xaf\"",
        "ed a0 80             | \"\\xed\\xa0\\x80\"",
        "f4 90 80 80          | \"\\xf4\\x90\\x80\\x80\"",
        "f0 9f 98             | \"\\xf0\\x9f\\x98\"",
    })
    void quotesLikeGo(String hexBytes, String expected) {
        String[] parts = hexBytes.trim().split(" +");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }

        String quoted = GoQuote.quote(new String(bytes, StandardCharsets.ISO_8859_1));

        assertThat(quoted).isEqualTo(expected.trim());
    }
}
