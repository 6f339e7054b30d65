package io.jnsq.common.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string parsed as Go's {@code url.ParseQuery} does: pairs split on {@code &}, {@code +} is a space,
 * a key without {@code =} has the value "". A semicolon or a bad {@code %} escape makes the query invalid
 * (the other pairs are still kept, as in Go).
 */
public final class QueryParams {
    private final Map<String, List<String>> values;
    private final boolean valid;

    private QueryParams(Map<String, List<String>> values, boolean valid) {
        this.values = values;
        this.valid = valid;
    }

    /** Parses the raw (still escaped) query, without the {@code ?}. */
    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean valid = true;
        int start = 0;
        while (start < rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            String pair = rawQuery.substring(start, end);
            start = end + 1;
            if (pair.indexOf(';') >= 0) {
                valid = false;
                continue;
            }
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
            String value = unescape(eq < 0 ? "" : pair.substring(eq + 1));
            if (key == null || value == null) {
                valid = false;
                continue;
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new QueryParams(values, valid);
    }

    /** False when Go's {@code url.ParseQuery} would have returned an error. */
    public boolean isValid() {
        return valid;
    }

    /** The first value, or {@code null} when the key is absent. */
    public String get(String key) {
        List<String> list = values.get(key);
        return list == null ? null : list.get(0);
    }

    /** Go's {@code url.QueryUnescape}, or {@code null} for a bad escape. The string holds the raw request bytes. */
    private static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return utf8(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = hex(s.charAt(i + 1));
                int lo = hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Netty hands us the request line as ISO-8859-1 characters; the bytes are meant as UTF-8. */
    private static String utf8(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return latin1;
    }
}
