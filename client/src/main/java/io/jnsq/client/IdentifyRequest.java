package io.jnsq.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The IDENTIFY body go-nsq sends, from the client's {@link Config}. */
final class IdentifyRequest {
    private static final JsonFactory JSON = new JsonFactory();

    private IdentifyRequest() {
    }

    static String json(Config config) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("client_id", config.clientId());
            g.writeStringField("hostname", config.hostname());
            g.writeStringField("user_agent", config.userAgent());
            g.writeBooleanField("feature_negotiation", true);
            g.writeNumberField("heartbeat_interval", millisOrDisabled(config.heartbeatInterval()));
            g.writeBooleanField("tls_v1", config.tlsV1());
            g.writeBooleanField("deflate", config.deflate());
            g.writeNumberField("deflate_level", config.deflateLevel());
            g.writeBooleanField("snappy", config.snappy());
            g.writeNumberField("sample_rate", config.sampleRate());
            g.writeNumberField("output_buffer_size", config.outputBufferSize());
            g.writeNumberField("output_buffer_timeout", millisOrDisabled(config.outputBufferTimeout()));
            g.writeNumberField("msg_timeout", config.msgTimeout().toMillis());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A negative duration is go-nsq's -1: the feature turned off. */
    private static long millisOrDisabled(Duration d) {
        return d.isNegative() ? -1 : d.toMillis();
    }
}
