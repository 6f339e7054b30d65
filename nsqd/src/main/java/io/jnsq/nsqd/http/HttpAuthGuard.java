package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.HttpHandler;
import io.jnsq.common.http.Request;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.auth.AuthState;
import io.jnsq.nsqd.auth.Authorization;
import io.jnsq.nsqd.tls.TlsNames;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Beyond NSQ (nsqio/nsq #1183): with {@code --http-auth-required}, HTTP publish and admin requests must carry
 * {@code Authorization: Bearer <secret>}, and the {@code --auth-http-address} servers decide on the secret as
 * they do for AUTH over TCP, with the same parameters (the HTTP client's address, TLS and certificate name) and
 * the same grants. An answer is reused for its TTL. Reading routes (/ping, /info, /stats, /metrics, GET /config,
 * /debug/pprof) stay open, as NSQ's.
 */
final class HttpAuthGuard {
    /** Past this many cached answers (secrets times client addresses) the cache starts over. */
    private static final int MAX_CACHED = 10_000;
    private static final String ALL = ".*";

    /** What a route needs from the grants. */
    enum Scope {
        /** Publishing to the {@code topic} parameter, as PUB over TCP. */
        PUBLISH,
        /** Managing the {@code topic}: a publish grant on it. */
        TOPIC,
        /** Managing the {@code topic}'s {@code channel}: a subscribe grant on them. */
        CHANNEL,
        /** Changing nsqd itself: a grant of both permissions on topic {@code .*} with channel {@code .*}. */
        NODE
    }

    private record Asker(String secret, String remoteIp, boolean tls, String commonName) {
    }

    private final AuthServers servers;
    private final Map<Asker, CompletableFuture<AuthState>> answers = new ConcurrentHashMap<>();

    /** A guard asking {@code servers}; {@code null} for none: routes stay open, as NSQ's. */
    HttpAuthGuard(AuthServers servers) {
        this.servers = servers;
    }

    /** {@code handler}, run only for requests whose secret the grants allow for {@code scope}. */
    HttpHandler by(Scope scope, HttpHandler handler) {
        if (servers == null) {
            return handler;
        }
        return request -> {
            Asker asker = asker(request);
            return answer(asker).handleAsync((state, error) -> {
                try {
                    if (error != null) {
                        throw new HttpException(401, "AUTH_FAILED");
                    }
                    check(scope, state, request);
                    return handler.handle(request);
                } catch (HttpException e) {
                    throw new CompletionException(e);
                }
            }, request.peer().executor());
        };
    }

    private static Asker asker(Request request) throws HttpException {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw new HttpException(401, "AUTH_REQUIRED");
        }
        Request.Peer peer = request.peer();
        String remoteIp = peer.remote() == null ? "" : peer.remote().getAddress().getHostAddress();
        boolean tls = peer.tls() != null;
        return new Asker(authorization.substring(7).trim(), remoteIp, tls,
                tls ? TlsNames.peerCommonName(peer.tls()) : "");
    }

    /** The auth servers' answer for the asker: the cached one while its TTL lasts, else a new query. */
    private CompletableFuture<AuthState> answer(Asker asker) {
        if (answers.size() > MAX_CACHED) {
            answers.clear();
        }
        return answers.compute(asker, (key, cached) -> {
            boolean usable = cached != null && (!cached.isDone()
                    || (!cached.isCompletedExceptionally() && !cached.join().isExpired()));
            return usable ? cached : servers.query(key.remoteIp(), key.tls(), key.commonName(), key.secret());
        }).whenComplete((state, error) -> {
            if (error != null) {
                answers.remove(asker); // a failure is asked again next time
            }
        });
    }

    private static void check(Scope scope, AuthState state, Request request) throws HttpException {
        if (!state.hasAuthorizations() || !allows(scope, state, request)) {
            throw new HttpException(403, "UNAUTHORIZED");
        }
    }

    /** A request without its topic or channel is let through to the route, which refuses it with NSQ's error. */
    private static boolean allows(Scope scope, AuthState state, Request request) throws HttpException {
        return switch (scope) {
            case PUBLISH, TOPIC -> {
                String topic = request.query().get("topic");
                yield topic == null || state.isAllowed(topic, "");
            }
            case CHANNEL -> {
                String topic = request.query().get("topic");
                String channel = request.query().get("channel");
                yield topic == null || channel == null || state.isAllowed(topic, channel);
            }
            case NODE -> state.authorizations().stream().anyMatch(HttpAuthGuard::grantsEverything);
        };
    }

    private static boolean grantsEverything(Authorization grant) {
        return grant.topic().pattern().equals(ALL)
                && grant.channels().stream().anyMatch(channel -> channel.pattern().equals(ALL))
                && grant.permissions().containsAll(List.of("subscribe", "publish"));
    }
}
