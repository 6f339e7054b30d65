package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final HttpHandler NOTHING = request -> null;

    private final Router router = new Router()
            .handle(HttpMethod.GET, "/ping", ResponseFormat.PLAIN_TEXT, NOTHING)
            .handle(HttpMethod.POST, "/pub", ResponseFormat.V1, 100, NOTHING)
            .handle(HttpMethod.POST, "/topic/create", ResponseFormat.V1, NOTHING)
            .handle(HttpMethod.GET, "/config/:opt", ResponseFormat.V1, NOTHING)
            .handle(HttpMethod.PUT, "/config/:opt", ResponseFormat.V1, NOTHING)
            .handle(HttpMethod.GET, "/debug/pprof/", ResponseFormat.V1, NOTHING);

    @Test
    void matchesExactPathsAndParams() {
        assertThat(router.resolve("GET", "/ping")).isInstanceOf(Router.Match.class);
        Router.Match match = (Router.Match) router.resolve("PUT", "/config/log_level");
        assertThat(match.route().pattern()).isEqualTo("/config/:opt");
        assertThat(match.params()).isEqualTo(Map.of("opt", "log_level"));
        assertThat(((Router.Match) router.resolve("POST", "/pub")).route().maxBody()).isEqualTo(100);
    }

    @Test
    void redirectsATrailingSlashMismatch() {
        assertThat(router.resolve("GET", "/ping/")).isEqualTo(new Router.Redirect(301, "/ping"));
        assertThat(router.resolve("POST", "/pub/")).isEqualTo(new Router.Redirect(307, "/pub"));
        assertThat(router.resolve("GET", "/debug/pprof")).isEqualTo(new Router.Redirect(301, "/debug/pprof/"));
    }

    @Test
    void redirectsToTheCleanedCaseFixedPath() {
        assertThat(router.resolve("GET", "/PING")).isEqualTo(new Router.Redirect(301, "/ping"));
        assertThat(router.resolve("GET", "//ping")).isEqualTo(new Router.Redirect(301, "/ping"));
        assertThat(router.resolve("POST", "/x/../Topic/./Create/")).isEqualTo(new Router.Redirect(307, "/topic/create"));
        assertThat(router.resolve("GET", "/CONFIG/Opt")).isEqualTo(new Router.Redirect(301, "/config/Opt"));
    }

    @Test
    void answersOtherMethodsWithTheAllowList() {
        assertThat(router.resolve("POST", "/ping")).isEqualTo(new Router.MethodNotAllowed("GET, OPTIONS"));
        assertThat(router.resolve("HEAD", "/ping")).isEqualTo(new Router.MethodNotAllowed("GET, OPTIONS"));
        assertThat(router.resolve("GET", "/pub")).isEqualTo(new Router.MethodNotAllowed("POST, OPTIONS"));
        assertThat(router.resolve("POST", "/config/x")).isEqualTo(new Router.MethodNotAllowed("GET, PUT, OPTIONS"));
        assertThat(router.resolve("OPTIONS", "/config/x")).isEqualTo(new Router.Options("GET, PUT, OPTIONS"));
        assertThat(router.resolve("OPTIONS", "*")).isEqualTo(new Router.Options("GET, POST, PUT, OPTIONS"));
    }

    @Test
    void everythingElseIsNotFound() {
        assertThat(router.resolve("GET", "/put")).isEqualTo(new Router.NotFound());
        assertThat(router.resolve("GET", "/pub/")).isEqualTo(new Router.NotFound());
        assertThat(router.resolve("GET", "/config/")).isEqualTo(new Router.NotFound());
        assertThat(router.resolve("OPTIONS", "/nope")).isEqualTo(new Router.NotFound());
        assertThat(router.resolve("GET", "/")).isEqualTo(new Router.NotFound());
    }

    @Test
    void cleansPathsAsHttprouter() {
        assertThat(Router.cleanPath("")).isEqualTo("/");
        assertThat(Router.cleanPath("a//b/./c/..")).isEqualTo("/a/b");
        assertThat(Router.cleanPath("/a/b/.")).isEqualTo("/a/b/");
        assertThat(Router.cleanPath("/../a/")).isEqualTo("/a/");
    }

    @Test
    void refusesADuplicateRoute() {
        assertThatThrownBy(() -> router.handle(HttpMethod.GET, "/ping", ResponseFormat.V1, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
