package io.jnsq.common.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Routes requests as nsqd's router (julienschmidt/httprouter with NSQ's settings) does: exact paths with
 * {@code :name} segments; a path that matches with its trailing slash toggled, or after cleaning and ignoring
 * case, is redirected (301 for GET, 307 otherwise); a path served under other methods is {@code 405} with
 * {@code Allow}, or {@code 200} with {@code Allow} for OPTIONS; anything else is {@code 404}. HEAD is not
 * implied by GET. Build it once, then share it between listeners; it is immutable once serving.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();
    /** Makes the answer to every request, in place of routing; {@code null} for a router of routes. */
    private final Supplier<FullHttpResponse> refusal;

    public Router() {
        this(null);
    }

    private Router(Supplier<FullHttpResponse> refusal) {
        this.refusal = refusal;
    }

    /** A router that answers every request, whatever its method and path, with a fresh {@code refusal}. */
    public static Router refusingAll(Supplier<FullHttpResponse> refusal) {
        return new Router(refusal);
    }

    /** A route that ignores the request body. */
    public Router handle(HttpMethod method, String pattern, ResponseFormat format, HttpHandler handler) {
        return handle(method, pattern, format, Route.NO_BODY, handler);
    }

    /**
     * A route that reads up to {@code maxBody} bytes of body (one more is kept so the handler can see it was
     * exceeded). A request declaring a longer Content-Length is handed over at once with an empty body, then
     * the connection is closed: the handler must refuse it, as NSQ's do before reading.
     */
    public Router handle(HttpMethod method, String pattern, ResponseFormat format, long maxBody,
                         HttpHandler handler) {
        Route route = Route.of(method.name(), pattern, format, maxBody, handler);
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.pattern().equals(pattern)) {
                throw new IllegalArgumentException("a handle is already registered for " + method + " " + pattern);
            }
        }
        routes.add(route);
        return this;
    }

    /** What to do with a request for {@code path} (unescaped). */
    Resolution resolve(String method, String path) {
        if (refusal != null) {
            return new Refused(refusal.get());
        }
        List<Route> candidates = routes.stream().filter(r -> r.method().equals(method)).toList();
        if (!candidates.isEmpty()) {
            for (Route route : candidates) {
                Map<String, String> params = route.match(path);
                if (params != null) {
                    return new Match(route, params);
                }
            }
            if (!method.equals("CONNECT") && !path.equals("/")) {
                int status = method.equals("GET") ? 301 : 307;
                String toggled = toggleTrailingSlash(path);
                if (candidates.stream().anyMatch(r -> r.match(toggled) != null)) {
                    return new Redirect(status, toggled);
                }
                String fixed = fixedPath(candidates, cleanPath(path));
                if (fixed != null) {
                    return new Redirect(status, fixed);
                }
            }
        }
        String allow = allowed(path, method);
        if (allow.isEmpty()) {
            return new NotFound();
        }
        return method.equals("OPTIONS") ? new Options(allow) : new MethodNotAllowed(allow);
    }

    /** httprouter's Allow list: the other methods serving {@code path} (every method for {@code *}), then OPTIONS. */
    private String allowed(String path, String method) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : routes) {
            boolean serves = path.equals("*") || (!route.method().equals(method) && route.match(path) != null);
            if (serves && !route.method().equals("OPTIONS")) {
                methods.add(route.method());
            }
        }
        return methods.isEmpty() ? "" : String.join(", ", methods) + ", OPTIONS";
    }

    private static String fixedPath(List<Route> candidates, String path) {
        for (String attempt : new String[] {path, toggleTrailingSlash(path)}) {
            for (Route route : candidates) {
                String fixed = route.matchIgnoringCase(attempt);
                if (fixed != null) {
                    return fixed;
                }
            }
        }
        return null;
    }

    private static String toggleTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
    }

    /** httprouter's CleanPath: one leading slash, no empty, {@code .} or {@code ..} segments, trailing slash kept. */
    static String cleanPath(String path) {
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
            } else {
                kept.add(segment);
            }
        }
        String clean = "/" + String.join("/", kept);
        boolean trailing = path.endsWith("/") || path.endsWith("/.");
        return trailing && !clean.equals("/") ? clean + "/" : clean;
    }

    sealed interface Resolution permits Match, Redirect, Options, MethodNotAllowed, NotFound, Refused {
    }

    record Refused(FullHttpResponse response) implements Resolution {
    }

    record Match(Route route, Map<String, String> params) implements Resolution {
    }

    record Redirect(int status, String path) implements Resolution {
    }

    record Options(String allow) implements Resolution {
    }

    record MethodNotAllowed(String allow) implements Resolution {
    }

    record NotFound() implements Resolution {
    }
}
