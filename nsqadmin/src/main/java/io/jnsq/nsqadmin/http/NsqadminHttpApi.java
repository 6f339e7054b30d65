package io.jnsq.nsqadmin.http;

import static io.jnsq.common.http.ResponseFormat.PLAIN_TEXT;
import static io.jnsq.common.http.ResponseFormat.RAW;
import static io.jnsq.common.http.ResponseFormat.V1;
import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import io.jnsq.common.http.Request;
import io.jnsq.common.http.Router;
import io.jnsq.nsqadmin.Nsqadmin;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * nsqadmin's HTTP routes, named and ordered as in NSQ's {@code nsqadmin/http.go}, every one under
 * {@code --base-path}, and our {@code /api/history} for the charts. Routing follows nsqd's conventions (404, 405,
 * OPTIONS, redirects); the API answers in NSQ's V1 format.
 */
public final class NsqadminHttpApi {
    /** An action's JSON body: NSQ reads it unbounded; a megabyte is plenty for a topic and a channel name. */
    private static final long MAX_ACTION_BODY = 1024 * 1024;

    private NsqadminHttpApi() {
    }

    public static Router routes(Nsqadmin admin) {
        String base = basePath(admin.options().basePath);
        Blocking blocking = new Blocking(admin.workers());
        UiApi ui = new UiApi(admin, base);
        StatsApi stats = new StatsApi(admin, blocking);
        ActionsApi actions = new ActionsApi(admin, blocking);
        GraphiteApi graphite = new GraphiteApi(admin);
        ConfigApi config = new ConfigApi(admin);
        HistoryApi history = new HistoryApi(admin);
        Router router = new Router()
                .handle(GET, join(base, "/"), RAW, ui::doIndex)
                .handle(GET, join(base, "/ping"), PLAIN_TEXT, NsqadminHttpApi::doPing)
                .handle(GET, join(base, "/topics"), RAW, ui::doIndex)
                .handle(GET, join(base, "/topics/:topic"), RAW, ui::doIndex)
                .handle(GET, join(base, "/topics/:topic/:channel"), RAW, ui::doIndex)
                .handle(GET, join(base, "/nodes"), RAW, ui::doIndex)
                .handle(GET, join(base, "/nodes/:node"), RAW, ui::doIndex)
                .handle(GET, join(base, "/counter"), RAW, ui::doIndex)
                .handle(GET, join(base, "/lookup"), RAW, ui::doIndex)
                .handle(GET, join(base, "/static/:asset"), RAW, ui::doStaticAsset)
                .handle(GET, join(base, "/fonts/:asset"), RAW, ui::doFontAsset);
        if (admin.options().proxyGraphite) {
            router.handle(GET, join(base, "/render"), RAW, graphite::doRender);
        }
        return router
                .handle(GET, join(base, "/api/topics"), V1, stats::doTopics)
                .handle(GET, join(base, "/api/topics/:topic"), V1, stats::doTopic)
                .handle(GET, join(base, "/api/topics/:topic/:channel"), V1, stats::doChannel)
                .handle(GET, join(base, "/api/nodes"), V1, stats::doNodes)
                .handle(GET, join(base, "/api/nodes/:node"), V1, stats::doNode)
                .handle(POST, join(base, "/api/topics"), V1, MAX_ACTION_BODY, actions::doCreateTopicChannel)
                .handle(POST, join(base, "/api/topics/:topic"), V1, MAX_ACTION_BODY, actions::doTopicAction)
                .handle(POST, join(base, "/api/topics/:topic/:channel"), V1, MAX_ACTION_BODY,
                        actions::doChannelAction)
                .handle(DELETE, join(base, "/api/nodes/:node"), V1, MAX_ACTION_BODY,
                        actions::doTombstoneTopicProducer)
                .handle(DELETE, join(base, "/api/topics/:topic"), V1, actions::doDeleteTopic)
                .handle(DELETE, join(base, "/api/topics/:topic/:channel"), V1, actions::doDeleteChannel)
                .handle(GET, join(base, "/api/counter"), V1, stats::doCounter)
                .handle(GET, join(base, "/api/graphite"), V1, graphite::doGraphite)
                .handle(GET, join(base, "/api/history/topics/:topic"), V1, history::doTopic)
                .handle(GET, join(base, "/api/history/topics/:topic/:channel"), V1, history::doChannel)
                .handle(GET, join(base, "/api/history/nodes/:node"), V1, history::doNode)
                .handle(GET, join(base, "/config/:opt"), V1, config::doConfig)
                .handle(PUT, join(base, "/config/:opt"), V1, ConfigApi.MAX_BODY, config::doConfig);
    }

    static Object doPing(Request request) {
        return "OK";
    }

    /** NSQ's normalization of {@code --base-path}: a leading {@code /} added, then Go's {@code path.Clean}. */
    static String basePath(String basePath) {
        return clean(basePath.startsWith("/") ? basePath : "/" + basePath);
    }

    /** Go's {@code path.Join(base, route)}: {@code /} under {@code /admin} is {@code /admin} itself. */
    static String join(String base, String route) {
        return clean(base + "/" + route);
    }

    /** Go's {@code path.Clean} for a rooted path. */
    static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
