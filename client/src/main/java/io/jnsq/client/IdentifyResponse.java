package io.jnsq.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What nsqd granted in its answer to IDENTIFY with feature negotiation. An nsqd that does not negotiate answers
 * {@code OK}: {@link #NONE}, nothing granted.
 */
record IdentifyResponse(long maxRdyCount, boolean tlsV1, boolean deflate, int deflateLevel, boolean snappy,
        boolean authRequired, long msgTimeoutMillis) {

    /** nsqd's defaults: {@code --max-rdy-count} 2500, {@code --msg-timeout} 60 s. */
    static final IdentifyResponse NONE = new IdentifyResponse(2500, false, false, 0, false, false, 60_000);

    private static final JsonFactory JSON = new JsonFactory();

    static IdentifyResponse parse(byte[] data) {
        if (data.length == 0 || data[0] != '{') {
            return NONE;
        }
        long maxRdy = NONE.maxRdyCount;
        boolean tls = false;
        boolean deflate = false;
        int deflateLevel = 0;
        boolean snappy = false;
        boolean auth = false;
        long msgTimeout = NONE.msgTimeoutMillis;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NsqException("IDENTIFY: answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "max_rdy_count" -> maxRdy = p.getLongValue();
                    case "tls_v1" -> tls = p.getBooleanValue();
                    case "deflate" -> deflate = p.getBooleanValue();
                    case "deflate_level" -> deflateLevel = p.getIntValue();
                    case "snappy" -> snappy = p.getBooleanValue();
                    case "auth_required" -> auth = p.getBooleanValue();
                    case "msg_timeout" -> msgTimeout = p.getLongValue();
                    default -> p.skipChildren(); // a no-op for a scalar
                }
            }
        } catch (IOException e) {
            throw new NsqException("IDENTIFY: unreadable answer - " + e.getMessage(), e);
        }
        return new IdentifyResponse(maxRdy, tls, deflate, deflateLevel, snappy, auth, msgTimeout);
    }
}
