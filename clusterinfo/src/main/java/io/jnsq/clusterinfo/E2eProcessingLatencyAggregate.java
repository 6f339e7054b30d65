package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * End-to-end processing latency percentiles summed over nodes, as NSQ's clusterinfo shows them. One node's
 * percentile becomes {@code {average, count, max, min, quantile}} with its value in each of min, max and average; an
 * aggregate keeps per quantile the weighted average, the extremes and the total count.
 */
@JsonPropertyOrder({"count", "percentiles", "topic", "channel", "host"})
public final class E2eProcessingLatencyAggregate {
    @JsonProperty("count")
    public long count;
    /** Go's {@code []map[string]float64}: keys sorted, {@code null} when there are none. */
    @JsonProperty("percentiles")
    public List<Map<String, Number>> percentiles;
    @JsonProperty("topic")
    public String topic = "";
    @JsonProperty("channel")
    public String channel = "";
    @JsonProperty("host")
    public String host = "";

    /** One node's {@code e2e_processing_latency} from nsqd's {@code /stats}. */
    static E2eProcessingLatencyAggregate fromNsqd(JsonNode json) {
        E2eProcessingLatencyAggregate e = new E2eProcessingLatencyAggregate();
        e.count = json.path("count").asLong();
        for (JsonNode p : json.path("percentiles")) {
            double value = p.path("value").asDouble();
            Map<String, Number> m = new TreeMap<>();
            m.put("quantile", number(p.path("quantile").asDouble()));
            m.put("max", number(value));
            m.put("min", number(value));
            m.put("average", number(value));
            m.put("count", e.count);
            e.add(m);
        }
        return e;
    }

    private void add(Map<String, Number> percentile) {
        if (percentiles == null) {
            percentiles = new ArrayList<>();
        }
        percentiles.add(percentile);
    }

    /** Adds another node's percentiles: counts summed, extremes kept, averages weighted by count. */
    void add(E2eProcessingLatencyAggregate other) {
        count += other.count;
        if (other.percentiles == null) {
            return;
        }
        for (Map<String, Number> value : other.percentiles) {
            Map<String, Number> mine = null;
            if (percentiles != null) {
                for (Map<String, Number> p : percentiles) {
                    if (p.get("quantile").doubleValue() == value.get("quantile").doubleValue()) {
                        mine = p;
                        break;
                    }
                }
            }
            if (mine == null) {
                add(new TreeMap<>(value));
                continue;
            }
            double total = mine.get("count").doubleValue() + value.get("count").doubleValue();
            mine.put("max", number(Math.max(mine.get("max").doubleValue(), value.get("max").doubleValue())));
            mine.put("min", number(Math.min(mine.get("min").doubleValue(), value.get("min").doubleValue())));
            double average = total == 0 ? 0 : mine.get("average").doubleValue()
                    + (value.get("average").doubleValue() - mine.get("average").doubleValue())
                    * value.get("count").doubleValue() / total;
            mine.put("average", number(average));
            mine.put("count", number(total));
        }
    }

    /** As Go's encoding/json writes a float64: an integral value without a fraction. */
    private static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
