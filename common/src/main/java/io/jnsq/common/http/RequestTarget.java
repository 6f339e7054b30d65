package io.jnsq.common.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request target split as Go's {@code url.ParseRequestURI} does: the unescaped path (what routes match) and
 * the raw query. A {@code #} is part of the path, as in Go. An absolute target keeps only its path.
 */
record RequestTarget(String path, String rawQuery) {

    static RequestTarget parse(String uri) {
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        if (!rawPath.startsWith("/") && !rawPath.equals("*")) {
            int authority = rawPath.indexOf("://");
            int slash = authority < 0 ? -1 : rawPath.indexOf('/', authority + 3);
            rawPath = slash < 0 ? "" : rawPath.substring(slash);
        }
        return new RequestTarget(unescapePath(rawPath), rawQuery);
    }

    /** %XX decoded ({@code +} stays); the request line was checked, so escapes are well formed. */
    private static String unescapePath(String raw) {
        boolean plain = true;
        for (int i = 0; i < raw.length() && plain; i++) {
            plain = raw.charAt(i) != '%' && raw.charAt(i) < 0x80;
        }
        if (plain) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < raw.length() && (hi = QueryParams.hex(raw.charAt(i + 1))) >= 0
                    && (lo = QueryParams.hex(raw.charAt(i + 2))) >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Go's {@code url.PathEscape} rules for a path ({@code /} kept), as used to build a redirect. */
    static String escapePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~$&+,/:;=@".indexOf(c) >= 0;
            if (keep) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
