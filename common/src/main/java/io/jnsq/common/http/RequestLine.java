package io.jnsq.common.http;

/**
 * Checks a request line the way Go's net/http reads one, a byte at a time, so that a stream that is not HTTP is
 * refused at its first impossible byte.
 *
 * <pre>
 * request-line = method SP target SP "HTTP/" DIGIT "." DIGIT ( CRLF / LF )
 * method       = 1*tchar
 * target       = "*" / "/" *(pchar / "%" HEXDIG HEXDIG) [ "?" query ] / scheme ":" rest   (no CTL anywhere)
 * </pre>
 *
 * Any HTTP/1.x version is accepted; another major version is {@link Verdict#UNSUPPORTED_VERSION} (Go's 505).
 */
final class RequestLine {
    /** Go reads at most 1 MiB of request head plus 4 KiB of slack. */
    static final int MAX_LENGTH = (1 << 20) + 4096;

    enum Verdict { MORE, OK, BAD, UNSUPPORTED_VERSION, TOO_LONG }

    private enum State { METHOD, TARGET_START, STAR, SCHEME, PATH, PERCENT1, PERCENT2, QUERY, VERSION, CR, LF }

    private static final String HTTP_VERSION = "HTTP/#.#";

    private State state = State.METHOD;
    private int length;
    private int versionIndex;
    private char major;

    void reset() {
        state = State.METHOD;
        length = 0;
        versionIndex = 0;
    }

    /** Takes the next byte of the line. */
    Verdict accept(byte b) {
        if (++length > MAX_LENGTH) {
            return Verdict.TOO_LONG;
        }
        char c = (char) (b & 0xff);
        switch (state) {
            case METHOD -> {
                if (c == ' ' && length > 1) {
                    state = State.TARGET_START;
                } else if (!isTokenChar(c)) {
                    return Verdict.BAD;
                }
            }
            case TARGET_START -> {
                if (c == '/') {
                    state = State.PATH;
                } else if (c == '*') {
                    state = State.STAR;
                } else if (isAlpha(c)) {
                    state = State.SCHEME;
                } else {
                    return Verdict.BAD;
                }
            }
            case STAR -> {
                if (c != ' ') {
                    return Verdict.BAD;
                }
                state = State.VERSION;
            }
            case SCHEME -> {
                if (c == ':') {
                    state = State.PATH;
                } else if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
                    return Verdict.BAD;
                }
            }
            case PATH, QUERY -> {
                if (c == ' ') {
                    state = State.VERSION;
                } else if (isControl(c)) {
                    return Verdict.BAD;
                } else if (state == State.PATH && c == '?') {
                    state = State.QUERY;
                } else if (state == State.PATH && c == '%') {
                    state = State.PERCENT1;
                }
            }
            case PERCENT1, PERCENT2 -> {
                if (QueryParams.hex(c) < 0) {
                    return Verdict.BAD;
                }
                state = state == State.PERCENT1 ? State.PERCENT2 : State.PATH;
            }
            case VERSION -> {
                char expected = HTTP_VERSION.charAt(versionIndex);
                if (expected == '#' ? !isDigit(c) : c != expected) {
                    return Verdict.BAD;
                }
                if (versionIndex == 5) {
                    major = c;
                }
                if (++versionIndex == HTTP_VERSION.length()) {
                    state = State.CR;
                }
            }
            case CR -> {
                if (c == '\n') {
                    return end();
                }
                if (c != '\r') {
                    return Verdict.BAD;
                }
                state = State.LF;
            }
            case LF -> {
                return c == '\n' ? end() : Verdict.BAD;
            }
            default -> throw new IllegalStateException(state.name());
        }
        return Verdict.MORE;
    }

    private Verdict end() {
        return major == '1' ? Verdict.OK : Verdict.UNSUPPORTED_VERSION;
    }

    /** RFC 7230 tchar. */
    private static boolean isTokenChar(char c) {
        return isAlpha(c) || isDigit(c) || (c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isControl(char c) {
        return c < ' ' || c == 0x7f;
    }
}
