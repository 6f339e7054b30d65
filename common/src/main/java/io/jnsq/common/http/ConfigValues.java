package io.jnsq.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The bodies of {@code PUT /config/:opt} that nsqd and nsqadmin read alike. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * A JSON array of strings (an address list); {@code null} clears the list (NSQ would store a nil list and then
     * show null). Anything else is {@code 400 INVALID_VALUE}.
     */
    public static List<String> stringArray(byte[] body) throws HttpException {
        JsonNode node;
        try {
            node = Json.strictReader().readTree(body);
        } catch (IOException e) {
            throw new HttpException(400, "INVALID_VALUE");
        }
        if (node != null && node.isNull()) {
            return List.of();
        }
        if (node == null || !node.isArray()) {
            throw new HttpException(400, "INVALID_VALUE");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new HttpException(400, "INVALID_VALUE");
            }
            values.add(element.textValue());
        }
        return values;
    }
}
