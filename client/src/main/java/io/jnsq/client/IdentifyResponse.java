package io.jnsq.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What nsqd granted in its answer to IDENTIFY with feature negotiation. An nsqd that does not negotiate answers
 * {@code OK}: {@link #NONE}, nothing granted.
 */
record IdentifyResponse(long maxRdyCount, String version, long maxMsgTimeoutMillis, long msgTimeoutMillis,
        boolean tlsV1, boolean deflate, int deflateLevel, boolean snappy, boolean authRequired,
        long outputBufferSize, long outputBufferTimeoutMillis) {

    static final IdentifyResponse NONE = new IdentifyResponse(2500, "", 0, 0, false, false, 0, false, false, 0, 0);

    private static final JsonFactory JSON = new JsonFactory();

    static IdentifyResponse parse(byte[] data) {
        if (data.length == 0 || data[0] != '{') {
            return NONE;
        }
        long maxRdy = NONE.maxRdyCount;
        String version = "";
        long maxMsgTimeout = 0;
        long msgTimeout = 0;
        boolean tls = false;
        boolean deflate = false;
        int deflateLevel = 0;
        boolean snappy = false;
        boolean auth = false;
        long outputBufferSize = 0;
        long outputBufferTimeout = 0;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NsqException("IDENTIFY: answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "max_rdy_count" -> maxRdy = p.getLongValue();
                    case "version" -> version = p.getText();
                    case "max_msg_timeout" -> maxMsgTimeout = p.getLongValue();
                    case "msg_timeout" -> msgTimeout = p.getLongValue();
                    case "tls_v1" -> tls = p.getBooleanValue();
                    case "deflate" -> deflate = p.getBooleanValue();
                    case "deflate_level" -> deflateLevel = p.getIntValue();
                    case "snappy" -> snappy = p.getBooleanValue();
                    case "auth_required" -> auth = p.getBooleanValue();
                    case "output_buffer_size" -> outputBufferSize = p.getLongValue();
                    case "output_buffer_timeout" -> outputBufferTimeout = p.getLongValue();
                    default -> {
                        if (value.isStructStart()) {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new NsqException("IDENTIFY: unreadable answer - " + e.getMessage(), e);
        }
        return new IdentifyResponse(maxRdy, version, maxMsgTimeout, msgTimeout, tls, deflate, deflateLevel, snappy,
                auth, outputBufferSize, outputBufferTimeout);
    }
}
