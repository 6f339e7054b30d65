package io.jnsq.nsqd.tcp;

import static io.jnsq.protocol.ProtocolException.fatal;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jnsq.common.Version;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** IDENTIFY: decodes the client's JSON, validates and applies its settings, and builds NSQ's response. */
final class Identify {
    private static final Logger log = LoggerFactory.getLogger(Identify.class);
    /**
     * Like Go's encoding/json: a string is not a number, a number is not a string, 1.5 is not an int, keys match
     * case-insensitively, and null leaves a field as it was.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP))
            .build();
    private static final int DEFAULT_DEFLATE_LEVEL = 6;

    private final NsqdOptions options;
    private final TlsConfig tls;
    private final ClientV2 client;
    // What the last IDENTIFY negotiated, until upgrade() switches the stream.
    private boolean upgradeTls;
    private boolean upgradeSnappy;
    private boolean upgradeDeflate;
    private int deflateLevel;

    /** {@code tls} is {@code null} when nsqd has no certificate. */
    Identify(NsqdOptions options, TlsConfig tls, ClientV2 client) {
        this.options = options;
        this.tls = tls;
        this.client = client;
    }

    /** Applies an IDENTIFY body; returns the response data ({@code OK} or the negotiation JSON). */
    byte[] apply(ByteBuf body) throws ProtocolException {
        IdentifyRequest request;
        try {
            request = JSON.readValue((java.io.InputStream) new ByteBufInputStream(body), IdentifyRequest.class);
        } catch (IOException e) {
            throw fatal("E_BAD_BODY", "IDENTIFY failed to decode JSON body");
        }
        if (request == null) {
            request = new IdentifyRequest(); // Go decodes a JSON null into an untouched struct
        }
        long heartbeat = heartbeatInterval(request.heartbeatInterval);
        long bufferTimeout = outputBufferTimeout(request.outputBufferTimeout);
        int bufferSize = client.outputBufferSize;
        if (request.outputBufferSize == -1) {
            bufferSize = 1;
            bufferTimeout = 0;
        } else if (request.outputBufferSize != 0) {
            if (request.outputBufferSize < 64 || request.outputBufferSize > options.maxOutputBufferSize) {
                throw bad("output buffer size (" + request.outputBufferSize + ") is invalid");
            }
            bufferSize = (int) request.outputBufferSize;
        }
        if (request.sampleRate < 0 || request.sampleRate > 99) {
            throw bad("sample rate (" + request.sampleRate + ") is invalid");
        }
        long msgTimeout = msgTimeout(request.msgTimeout);

        client.clientId = request.clientId;
        client.hostname = request.hostname;
        client.userAgent = request.userAgent;
        client.topologyRegion = request.topologyRegion;
        client.topologyZone = request.topologyZone;
        client.heartbeatIntervalMs = heartbeat;
        client.outputBufferSize = bufferSize;
        client.outputBufferTimeoutMs = bufferTimeout;
        client.sampleRate = request.sampleRate;
        client.msgTimeoutMs = msgTimeout;
        client.startHeartbeats();

        if (!request.featureNegotiation) {
            return Frames.OK;
        }
        boolean deflate = options.deflate && request.deflate;
        boolean snappy = options.snappy && request.snappy;
        if (deflate && snappy) {
            throw fatal("E_IDENTIFY_FAILED", "cannot enable both deflate and snappy compression");
        }
        int level = DEFAULT_DEFLATE_LEVEL;
        if (deflate && request.deflateLevel > 0) {
            level = (int) Math.min(request.deflateLevel, 9);
        }
        // NSQ caps the level by --max-deflate-level whether or not deflate was negotiated.
        deflateLevel = Math.min(level, options.maxDeflateLevel);
        upgradeTls = tls != null && request.tlsV1;
        upgradeDeflate = deflate;
        upgradeSnappy = snappy;
        return response(client);
    }

    /**
     * Whether the negotiated TLS is not built yet (nsqd started moments ago): the upgrade must then wait for
     * {@link #tlsReady()}, the connection reading nothing meanwhile.
     */
    boolean waitsForTls() {
        return upgradeTls && !tls.isReady();
    }

    CompletionStage<Void> tlsReady() {
        return tls.ready();
    }

    /**
     * After the response was written in plain: switches the stream one step as negotiated, TLS first and
     * compression on top, and returns true when an {@code OK} must follow through the new stream. The TLS
     * handshake runs when the client starts it; what is written meanwhile waits in the TLS handler.
     */
    boolean upgrade(ChannelPipeline pipeline) {
        if (upgradeTls) {
            upgradeTls = false;
            SslHandler handler = tls.newHandler(client.alloc());
            pipeline.addFirst(TlsConfig.HANDLER, handler);
            handler.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    client.tlsEstablished(handler.engine().getSession(), handler.applicationProtocol());
                } else {
                    log.error("[{}] - E_IDENTIFY_FAILED IDENTIFY failed {}", client.remoteAddress(),
                            done.cause().getMessage());
                    client.close();
                }
            });
            return true;
        }
        if (upgradeSnappy) {
            upgradeSnappy = false;
            Compression.snappy(pipeline);
            client.snappy = true;
            return true;
        }
        if (upgradeDeflate) {
            upgradeDeflate = false;
            Compression.deflate(pipeline, deflateLevel);
            client.deflate = true;
            return true;
        }
        return false;
    }

    /** The negotiation response, keys in NSQ's order. */
    private byte[] response(ClientV2 c) throws ProtocolException {
        ObjectNode json = JSON.createObjectNode();
        json.put("max_rdy_count", options.maxRdyCount);
        json.put("version", Version.NSQ);
        json.put("max_msg_timeout", options.maxMsgTimeout.toMillis());
        json.put("msg_timeout", c.msgTimeoutMs);
        json.put("tls_v1", upgradeTls);
        json.put("deflate", upgradeDeflate);
        json.put("deflate_level", deflateLevel);
        json.put("max_deflate_level", options.maxDeflateLevel);
        json.put("snappy", upgradeSnappy);
        json.put("sample_rate", c.sampleRate);
        json.put("auth_required", !options.authHttpAddresses.isEmpty());
        json.put("output_buffer_size", c.outputBufferSize);
        json.put("output_buffer_timeout", c.outputBufferTimeoutMs);
        json.put("topology_region", options.topologyRegion);
        json.put("topology_zone", options.topologyZone);
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw fatal("E_IDENTIFY_FAILED", "IDENTIFY failed " + e.getMessage());
        }
    }

    private long heartbeatInterval(long requested) throws ProtocolException {
        if (requested == -1) {
            return 0;
        }
        if (requested == 0) {
            return client.heartbeatIntervalMs;
        }
        if (requested < 1000 || requested > options.maxHeartbeatInterval.toMillis()) {
            throw bad("heartbeat interval (" + requested + ") is invalid");
        }
        return requested;
    }

    private long outputBufferTimeout(long requested) throws ProtocolException {
        if (requested == -1) {
            return 0;
        }
        if (requested == 0) {
            return client.outputBufferTimeoutMs;
        }
        if (requested < options.minOutputBufferTimeout.toMillis()
                || requested > options.maxOutputBufferTimeout.toMillis()) {
            throw bad("output buffer timeout (" + requested + ") is invalid");
        }
        return requested;
    }

    private long msgTimeout(long requested) throws ProtocolException {
        if (requested == 0) {
            return client.msgTimeoutMs;
        }
        if (requested < 1000 || requested > options.maxMsgTimeout.toMillis()) {
            throw bad("msg timeout (" + requested + ") is invalid");
        }
        return requested;
    }

    private static ProtocolException bad(String reason) {
        return fatal("E_BAD_BODY", "IDENTIFY " + reason);
    }
}
