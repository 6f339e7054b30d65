package io.jnsq.nsqd.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.jnsq.common.Version;
import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import io.jnsq.protocol.GoFloat;
import java.io.IOException;
import java.util.List;

/**
 * The JSON of /stats?format=json as nsqd 1.3 writes it: its keys in its order, {@code null} where Go has a nil
 * slice, {@code omitempty} fields left out when empty, Go's float and string encoding. Streamed, so that
 * thousands of clients cost no intermediate tree.
 *
 * @param memory {@code null} leaves the {@code memory} key out ({@code include_mem=false})
 * @param draining beyond NSQ: {@code "draining":true} after {@code health} while nsqd drains, and nothing otherwise,
 *     so that the document stays NSQ's byte for byte
 */
record StatsJson(String health, long startTime, NsqdStats stats, MemStats memory, boolean draining)
        implements JsonSerializable {

    StatsJson(String health, long startTime, NsqdStats stats, MemStats memory) {
        this(health, startTime, stats, memory, false);
    }

    private interface ElementWriter<T> {
        void write(JsonGenerator g, T element) throws IOException;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider serializers) throws IOException {
        g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
        g.writeStartObject();
        g.writeStringField("version", Version.NSQ);
        g.writeStringField("health", health);
        if (draining) {
            g.writeBooleanField("draining", true);
        }
        g.writeNumberField("start_time", startTime);
        g.writeFieldName("topics");
        writeArray(g, stats.topics(), StatsJson::writeTopic);
        if (memory != null) {
            g.writeFieldName("memory");
            writeMemory(g, memory);
        }
        g.writeFieldName("producers");
        writeArray(g, stats.producers(), StatsJson::writeClient);
        g.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(g, serializers);
    }

    /** A Go slice: {@code null} when nil. */
    private static <T> void writeArray(JsonGenerator g, List<T> list, ElementWriter<T> writer) throws IOException {
        if (list == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (T element : list) {
            writer.write(g, element);
        }
        g.writeEndArray();
    }

    private static void writeTopic(JsonGenerator g, TopicStats t) throws IOException {
        g.writeStartObject();
        g.writeStringField("topic_name", t.topicName());
        g.writeFieldName("channels");
        writeArray(g, t.channels(), StatsJson::writeChannel);
        g.writeNumberField("depth", t.depth());
        g.writeNumberField("backend_depth", t.backendDepth());
        g.writeNumberField("message_count", t.messageCount());
        g.writeNumberField("message_bytes", t.messageBytes());
        g.writeBooleanField("paused", t.paused());
        writeLatency(g, t.e2eProcessingLatency());
        g.writeEndObject();
    }

    private static void writeChannel(JsonGenerator g, ChannelStats c) throws IOException {
        g.writeStartObject();
        g.writeStringField("channel_name", c.channelName());
        g.writeNumberField("depth", c.depth());
        g.writeNumberField("backend_depth", c.backendDepth());
        g.writeNumberField("in_flight_count", c.inFlightCount());
        g.writeNumberField("deferred_count", c.deferredCount());
        g.writeNumberField("message_count", c.messageCount());
        writeUnlessZero(g, "zone_local_msg_count", c.zoneLocalMsgCount());
        writeUnlessZero(g, "region_local_msg_count", c.regionLocalMsgCount());
        writeUnlessZero(g, "global_msg_count", c.globalMsgCount());
        g.writeNumberField("requeue_count", c.requeueCount());
        g.writeNumberField("timeout_count", c.timeoutCount());
        g.writeNumberField("client_count", c.clientCount());
        g.writeFieldName("clients");
        writeArray(g, c.clients(), StatsJson::writeClient);
        g.writeBooleanField("paused", c.paused());
        writeLatency(g, c.e2eProcessingLatency());
        g.writeEndObject();
    }

    private static void writeClient(JsonGenerator g, ClientStats c) throws IOException {
        g.writeStartObject();
        g.writeStringField("client_id", c.clientId());
        g.writeStringField("hostname", c.hostname());
        g.writeStringField("version", c.version());
        g.writeStringField("remote_address", c.remoteAddress());
        g.writeNumberField("state", c.state());
        g.writeNumberField("ready_count", c.readyCount());
        g.writeNumberField("in_flight_count", c.inFlightCount());
        g.writeNumberField("message_count", c.messageCount());
        g.writeNumberField("finish_count", c.finishCount());
        g.writeNumberField("requeue_count", c.requeueCount());
        g.writeNumberField("connect_ts", c.connectTs());
        g.writeNumberField("sample_rate", c.sampleRate());
        g.writeBooleanField("deflate", c.deflate());
        g.writeBooleanField("snappy", c.snappy());
        g.writeStringField("user_agent", c.userAgent());
        if (c.authed()) {
            g.writeBooleanField("authed", true);
        }
        writeUnlessEmpty(g, "auth_identity", c.authIdentity());
        writeUnlessEmpty(g, "auth_identity_url", c.authIdentityUrl());
        g.writeStringField("topology_zone", c.topologyZone());
        g.writeStringField("topology_region", c.topologyRegion());
        if (!c.pubCounts().isEmpty()) {
            g.writeArrayFieldStart("pub_counts");
            for (ClientStats.PubCount p : c.pubCounts()) {
                g.writeStartObject();
                g.writeStringField("topic", p.topic());
                g.writeNumberField("count", p.count());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeBooleanField("tls", c.tls());
        g.writeStringField("tls_cipher_suite", c.tlsCipherSuite());
        g.writeStringField("tls_version", c.tlsVersion());
        g.writeStringField("tls_negotiated_protocol", c.tlsNegotiatedProtocol());
        g.writeBooleanField("tls_negotiated_protocol_is_mutual", c.tlsNegotiatedProtocolIsMutual());
        g.writeEndObject();
    }

    /** NSQ's {@code quantile.Result}; its percentiles are Go maps, so {@code quantile} sorts before {@code value}. */
    private static void writeLatency(JsonGenerator g, LatencyPercentiles latency) throws IOException {
        g.writeObjectFieldStart("e2e_processing_latency");
        g.writeNumberField("count", latency.count());
        g.writeFieldName("percentiles");
        writeArray(g, latency.percentiles(), (gen, p) -> {
            gen.writeStartObject();
            gen.writeFieldName("quantile");
            gen.writeNumber(GoFloat.json(p.quantile()));
            gen.writeNumberField("value", p.value());
            gen.writeEndObject();
        });
        g.writeEndObject();
    }

    private static void writeMemory(JsonGenerator g, MemStats m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("heap_objects", m.heapObjects());
        g.writeNumberField("heap_idle_bytes", m.heapIdleBytes());
        g.writeNumberField("heap_in_use_bytes", m.heapInUseBytes());
        g.writeNumberField("heap_released_bytes", m.heapReleasedBytes());
        g.writeNumberField("gc_pause_usec_100", m.gcPauseUsec100());
        g.writeNumberField("gc_pause_usec_99", m.gcPauseUsec99());
        g.writeNumberField("gc_pause_usec_95", m.gcPauseUsec95());
        g.writeNumberField("next_gc_bytes", m.nextGcBytes());
        g.writeNumberField("gc_total_runs", m.gcTotalRuns());
        g.writeEndObject();
    }

    private static void writeUnlessZero(JsonGenerator g, String name, long value) throws IOException {
        if (value != 0) {
            g.writeNumberField(name, value);
        }
    }

    private static void writeUnlessEmpty(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
