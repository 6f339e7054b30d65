package io.jnsq.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What the tools ask nsqd for in IDENTIFY beyond NSQ's bench tools (jnsq's {@code --tls}, {@code --snappy},
 * {@code --deflate}): with none of them the IDENTIFY body stays NSQ's, without feature negotiation.
 */
record Features(boolean tls, boolean snappy, boolean deflate, int deflateLevel) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether IDENTIFY negotiates features, so that nsqd answers with JSON and the upgrades follow. */
    boolean negotiated() {
        return tls || snappy || deflate;
    }

    /** {@code plainJson} (an object), with the negotiation fields added when any feature is asked for. */
    String identifyJson(String plainJson) {
        if (!negotiated()) {
            return plainJson;
        }
        return plainJson.substring(0, plainJson.lastIndexOf('}'))
                + ",\"feature_negotiation\":true,\"tls_v1\":" + tls + ",\"snappy\":" + snappy
                + ",\"deflate\":" + deflate + ",\"deflate_level\":" + deflateLevel + "}";
    }

    /**
     * Checks nsqd's JSON answer to IDENTIFY: it must grant exactly what was asked, or the upgrades that follow
     * would not match what nsqd does.
     *
     * @throws IOException naming what nsqd refused, or if the answer is not NSQ's JSON
     */
    void checkGranted(String answer) throws IOException {
        JsonNode granted;
        try {
            granted = JSON.readTree(answer);
        } catch (IOException e) {
            granted = null;
        }
        if (granted == null || !granted.isObject()) {
            throw new IOException("IDENTIFY: expected nsqd's features as JSON, got " + answer);
        }
        check(granted, "tls_v1", tls, " (nsqd needs --tls-cert and --tls-key)");
        check(granted, "snappy", snappy, " (nsqd's --snappy)");
        check(granted, "deflate", deflate, " (nsqd's --deflate)");
    }

    private static void check(JsonNode granted, String field, boolean asked, String hint) throws IOException {
        boolean got = granted.path(field).asBoolean(false);
        if (got != asked) {
            throw new IOException("IDENTIFY: asked for " + field + "=" + asked + ", nsqd answered " + got
                    + (asked ? hint : ""));
        }
    }
}
