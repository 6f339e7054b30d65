package io.jnsq.nsqd.http;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping as Go's encoding/json (1.19, NSQ 1.3's toolchain) does it, for JSON whose bytes should match
 * nsqd's: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, control characters other than
 * newline, carriage return and tab as six-character escapes in lower-case hex (Jackson would write {@code \b} and
 * {@code \f}, and upper-case hex).
 */
final class GoJsonEscapes extends CharacterEscapes {
    static final GoJsonEscapes INSTANCE = new GoJsonEscapes();

    private final int[] asciiEscapes = standardAsciiEscapesForJSON();
    private final SerializableString[] custom = new SerializableString[128];
    private final SerializableString lineSeparator = unicode(0x2028);
    private final SerializableString paragraphSeparator = unicode(0x2029);

    private GoJsonEscapes() {
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                escape(c);
            }
        }
        escape('<');
        escape('>');
        escape('&');
    }

    private void escape(int c) {
        asciiEscapes[c] = ESCAPE_CUSTOM;
        custom[c] = unicode(c);
    }

    private static SerializableString unicode(int c) {
        return new SerializedString(String.format("\\u%04x", c));
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
        if (c < 128) {
            return custom[c];
        }
        if (c == 0x2028) {
            return lineSeparator;
        }
        return c == 0x2029 ? paragraphSeparator : null;
    }
}
