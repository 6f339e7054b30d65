package io.jnsq.apps.nsqtonsq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;

/**
 * nsq_to_nsq's JSON options: {@code --require-json-field} (with {@code --require-json-value}) decides whether a
 * message passes, {@code --whitelist-json-field} re-encodes it with only the listed top-level keys (sorted, as Go's
 * encoder writes a map); integral numbers are written as integers ({@code 1.0} as {@code 1}).
 */
final class JsonFilter {
    /** What to do with one message. */
    enum Verdict {
        /** Publish {@link Result#body()}. */
        PASS,
        /** Not JSON, or filtered out: finish it without publishing. */
        DROP,
        /** The required field is missing where a value is required: requeue with backoff. */
        BACKOFF
    }

    /** A verdict and, for {@link Verdict#PASS}, the body to publish. */
    record Result(Verdict verdict, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final String requireField;
    private final String requireValue;
    private final List<String> whitelist;
    private final BigDecimal requireNumber;

    JsonFilter(String requireField, String requireValue, List<String> whitelist) {
        this.requireField = requireField;
        this.requireValue = requireValue;
        this.whitelist = List.copyOf(whitelist);
        this.requireNumber = parseFloat(requireValue);
    }

    /** Whether any JSON option is given: without one, bodies are republished untouched. */
    boolean active() {
        return !requireField.isEmpty() || !whitelist.isEmpty();
    }

    /**
     * The verdict on one body, logging as NSQ does.
     *
     * @throws IOException when the whitelisted fields cannot be kept: the body is JSON but not an object
     */
    Result apply(byte[] body) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || json.isMissingNode()) {
            io.jnsq.apps.log.GoLog.printf("ERROR: Unable to decode json: %s",
                    new String(body, java.nio.charset.StandardCharsets.UTF_8));
            return new Result(Verdict.DROP, null);
        }
        Verdict verdict = check(json);
        if (verdict != Verdict.PASS) {
            return new Result(verdict, null);
        }
        return new Result(Verdict.PASS, whitelist.isEmpty() ? body : keep(json));
    }

    private Verdict check(JsonNode json) {
        if (requireField.isEmpty()) {
            return Verdict.PASS;
        }
        JsonNode value = json.isObject() ? json.get(requireField) : null;
        if (value == null) {
            if (!requireValue.isEmpty()) {
                io.jnsq.apps.log.GoLog.printf("ERROR: missing field to check required value");
                return Verdict.BACKOFF;
            }
            return Verdict.DROP;
        }
        if (requireValue.isEmpty()) {
            return Verdict.PASS;
        }
        if (value.isTextual()) {
            return value.textValue().equals(requireValue) ? Verdict.PASS : Verdict.DROP;
        }
        if (requireNumber != null && value.isNumber()) {
            return value.decimalValue().doubleValue() == requireNumber.doubleValue() ? Verdict.PASS : Verdict.DROP;
        }
        return Verdict.DROP;
    }

    private byte[] keep(JsonNode json) throws IOException {
        if (!json.isObject()) {
            throw new IOException("json is not an object");
        }
        TreeMap<String, JsonNode> kept = new TreeMap<>();
        for (String key : whitelist) {
            JsonNode value = json.get(key);
            if (value != null) {
                kept.put(key, value);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        kept.forEach(out::set);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IOException("unable to marshal filtered message " + kept, e);
        }
    }

    /** Go's {@code strconv.ParseFloat} success, roughly: a decimal number, or null. */
    private static BigDecimal parseFloat(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
