package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.common.http.RequestLine.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestLineTest {

    /** The verdict and how many bytes it took. */
    private record Result(Verdict verdict, int consumed) {
    }

    private static Result check(String text) {
        RequestLine line = new RequestLine();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            Verdict verdict = line.accept(bytes[i]);
            if (verdict != Verdict.MORE) {
                return new Result(verdict, i + 1);
            }
        }
        return new Result(Verdict.MORE, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /ping HTTP/1.1\r\n",
        "GET /ping HTTP/1.0\n",
        "POST /pub?topic=t&defer=10 HTTP/1.1\r\n",
        "OPTIONS * HTTP/1.1\r\n",
        "GET http://127.0.0.1:4151/ping HTTP/1.1\r\n",
        "get /p%41th HTTP/1.1\r\n",
        "GET /pub?topic=%zz HTTP/1.1\r\n",
        "M-SEARCH /x HTTP/1.9\r\n",
    })
    void acceptsWhatGoAccepts(String text) {
        assertThat(check(text)).isEqualTo(new Result(Verdict.OK, text.length()));
    }

    @Test
    void refusesNsqTcpMagicAtTheFirstByte() {
        assertThat(check("  V2IDENTIFY\n")).isEqualTo(new Result(Verdict.BAD, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /ping\r\n",
        "GET\r\n",
        "GET  /ping HTTP/1.1\r\n",
        "GET /ping HTTP/1.1 extra\r\n",
        "GET /ping HTTP/1.1\rX\n",
        "GET ping HTTP/1.1\r\n",
        "GET *x HTTP/1.1\r\n",
        "GET /p%zz HTTP/1.1\r\n",
        "GET /p\u0001 HTTP/1.1\r\n",
        "GET /ping HTTP/11\r\n",
        "GET /ping http/1.1\r\n",
        "G(T /ping HTTP/1.1\r\n",
        "\r\nGET /ping HTTP/1.1\r\n",
        "V2\n",
    })
    void refusesMalformedLines(String text) {
        assertThat(check(text).verdict()).isEqualTo(Verdict.BAD);
    }

    @Test
    void decidesAsSoonAsAByteIsImpossible() {
        assertThat(check("GET /ping\r")).isEqualTo(new Result(Verdict.BAD, 10));
        assertThat(check("SUB 5 ch\n")).isEqualTo(new Result(Verdict.BAD, 5));
    }

    @Test
    void otherMajorVersionsAreUnsupported() {
        assertThat(check("GET /ping HTTP/2.0\r\n").verdict()).isEqualTo(Verdict.UNSUPPORTED_VERSION);
    }

    @Test
    void waitsForTheEndOfAPlausibleLine() {
        assertThat(check("GET /ping HTTP/1.").verdict()).isEqualTo(Verdict.MORE);
    }

    @Test
    void refusesAnEndlessLine() {
        RequestLine line = new RequestLine();
        line.accept((byte) 'G');
        line.accept((byte) ' ');
        line.accept((byte) '/');
        Verdict verdict = Verdict.MORE;
        int n = 3;
        while (verdict == Verdict.MORE) {
            verdict = line.accept((byte) 'a');
            n++;
        }
        assertThat(verdict).isEqualTo(Verdict.TOO_LONG);
        assertThat(n).isEqualTo(RequestLine.MAX_LENGTH + 1);
    }
}
