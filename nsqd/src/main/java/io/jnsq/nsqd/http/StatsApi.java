package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.QueryParams;
import io.jnsq.common.http.Request;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.JvmMemStats;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import java.time.ZoneId;

/** {@code GET /stats}: NSQ's {@code doStats}, in JSON ({@code format=json}) or NSQ's text. */
final class StatsApi {
    private final Broker broker;

    StatsApi(Broker broker) {
        this.broker = broker;
    }

    /**
     * Parameters: {@code format}, {@code topic}, {@code channel} (exact names; empty means all),
     * {@code include_clients}, {@code include_mem}. A query Go cannot parse is {@code 400 INVALID_REQUEST}.
     */
    Object doStats(Request request) throws HttpException {
        QueryParams query = request.query();
        boolean json = "json".equals(query.get("format"));
        String topic = orEmpty(query.get("topic"));
        String channel = orEmpty(query.get("channel"));
        boolean includeClients = isEnabled(query.get("include_clients"));
        boolean includeMem = isEnabled(query.get("include_mem"));

        NsqdStats stats = broker.stats(topic, channel, includeClients);
        MemStats memory = includeMem ? JvmMemStats.read() : null;
        String health = broker.health();
        if (!json) {
            return StatsText.format(health, broker.isDraining(), broker.startTime(), broker.uptime(), stats, memory,
                    ZoneId.systemDefault(), System.currentTimeMillis());
        }
        return new StatsJson(health, broker.startTime(), stats, memory, broker.isDraining());
    }

    /**
     * NSQ's boolParams: only {@code false} and {@code 0} turn an option off; anything else, or nothing, leaves it
     * on.
     */
    static boolean isEnabled(String value) {
        return !"false".equals(value) && !"0".equals(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
