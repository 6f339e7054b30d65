package io.jnsq.nsqadmin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import io.jnsq.common.json.Json;
import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.history.History;
import io.jnsq.nsqadmin.history.Metric;

/**
 * Our extension for the UI's charts: a topic's, a channel's or a node's rolling history, as uPlot's columns:
 * {@code time} in seconds, then one array per {@link Metric} with {@code null} for gaps.
 */
final class HistoryApi {
    private final Nsqadmin admin;

    HistoryApi(Nsqadmin admin) {
        this.admin = admin;
    }

    Object doTopic(Request request) throws HttpException {
        return chart(History.topicKey(request.param("topic")));
    }

    Object doChannel(Request request) throws HttpException {
        return chart(History.channelKey(request.param("topic"), request.param("channel")));
    }

    Object doNode(Request request) throws HttpException {
        return chart(History.nodeKey(request.param("node")));
    }

    private ObjectNode chart(String key) throws HttpException {
        History.Chart chart = admin.history().chart(key);
        if (chart == null) {
            throw new HttpException(404, "HISTORY_NOT_FOUND");
        }
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("interval_seconds", admin.options().historyInterval.toMillis() / 1000.0);
        ArrayNode time = json.putArray("time");
        for (long millis : chart.millis()) {
            time.add(millis / 1000.0);
        }
        for (Metric metric : Metric.values()) {
            ArrayNode values = json.putArray(metric.key());
            for (float value : chart.values(metric)) {
                if (Float.isNaN(value)) {
                    values.addNull();
                } else {
                    values.add(value);
                }
            }
        }
        return json;
    }
}
