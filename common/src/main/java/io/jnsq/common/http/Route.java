package io.jnsq.common.http;

import java.util.HashMap;
import java.util.Map;

/**
 * One method and path pattern ({@code /topic/create}, {@code /config/:opt}) with its handler, its response format
 * and how much body it reads: {@link #NO_BODY} for routes that ignore it, else a limit in bytes.
 */
record Route(String method, String pattern, String[] segments, ResponseFormat format, long maxBody,
             HttpHandler handler) {
    /** The body is read and dropped, never handed to the handler. */
    static final long NO_BODY = -1;

    static Route of(String method, String pattern, ResponseFormat format, long maxBody, HttpHandler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path must begin with '/': " + pattern);
        }
        return new Route(method, pattern, pattern.split("/", -1), format, maxBody, handler);
    }

    /** The {@code :name} values when {@code path} matches exactly, else {@code null}. */
    Map<String, String> match(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> params = Map.of();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments[i];
            if (isParam(segment)) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                if (params.isEmpty()) {
                    params = new HashMap<>();
                }
                params.put(segment.substring(1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    /** The path spelled as the route spells it when it matches ignoring case, else {@code null}. */
    String matchIgnoringCase(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        StringBuilder fixed = new StringBuilder(path.length());
        for (int i = 0; i < parts.length; i++) {
            String segment = segments[i];
            if (isParam(segment) ? parts[i].isEmpty() : !segment.equalsIgnoreCase(parts[i])) {
                return null;
            }
            if (i > 0) {
                fixed.append('/');
            }
            fixed.append(isParam(segment) ? parts[i] : segment);
        }
        return fixed.toString();
    }

    private static boolean isParam(String segment) {
        return segment.startsWith(":");
    }
}
