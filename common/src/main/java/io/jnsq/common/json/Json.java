package io.jnsq.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The daemons' one Jackson mapper, made when first needed: a mapper costs tens of milliseconds to set up, which a
 * daemon that only answers {@code /ping} should not spend at start.
 */
public final class Json {
    private Json() {
    }

    /** Reads and writes JSON trees and values with Jackson's defaults. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    /**
     * Reads a JSON value and refuses anything after it, as Go's {@code json.Unmarshal} does.
     */
    public static ObjectReader strictReader() {
        return MapperHolder.STRICT;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final ObjectReader STRICT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
