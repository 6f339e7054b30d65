package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.QueryParams;
import io.jnsq.common.http.Request;
import io.jnsq.nsqd.JvmMemStats;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdStats;
import java.time.ZoneId;

/** {@code GET /stats}: NSQ's {@code doStats}, in JSON ({@code format=json}) or NSQ's text. */
final class StatsApi {
    private final Nsqd nsqd;

    StatsApi(Nsqd nsqd) {
        this.nsqd = nsqd;
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

        NsqdStats stats = nsqd.stats(topic, channel, includeClients);
        MemStats memory = includeMem ? JvmMemStats.read() : null;
        String health = nsqd.health();
        if (!json) {
            return StatsText.format(health, nsqd.isDraining(), nsqd.startTime(), nsqd.uptime(), stats, memory,
                    ZoneId.systemDefault(), System.currentTimeMillis());
        }
        return new StatsJson(health, nsqd.startTime(), stats, memory, nsqd.isDraining());
    }

    /** NSQ's boolParams: only {@code false} and {@code 0} turn an option off; anything else, or nothing, leaves it on. */
    static boolean isEnabled(String value) {
        return !"false".equals(value) && !"0".equals(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
