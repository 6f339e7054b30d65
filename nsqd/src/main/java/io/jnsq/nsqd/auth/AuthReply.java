package io.jnsq.nsqd.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The JSON an auth server answers, decoded and validated as NSQ's {@code QueryAuthd} does. */
@JsonIgnoreProperties(ignoreUnknown = true)
final class AuthReply {
    /** Go's encoding/json: keys match case-insensitively, a float is not an int, a string is not a number. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    @JsonProperty("ttl")
    public long ttl;
    @JsonProperty("identity")
    public String identity = "";
    @JsonProperty("identity_url")
    public String identityUrl = "";
    @JsonProperty("authorizations")
    public List<Grant> authorizations = List.of();

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Grant {
        @JsonProperty("topic")
        public String topic = "";
        @JsonProperty("channels")
        public List<String> channels = List.of();
        @JsonProperty("permissions")
        public List<String> permissions = List.of();
    }

    /** Decodes and validates a reply; the exception's message is what NSQ would log. */
    static AuthState parse(byte[] body, long nowNanos) throws IOException {
        AuthReply reply = JSON.readValue(body, AuthReply.class);
        if (reply == null) {
            throw new IOException("empty reply");
        }
        List<Authorization> grants = new ArrayList<>();
        for (Grant g : orEmpty(reply.authorizations)) {
            // Go decodes a null grant, channel or permission into its zero value: no permissions, "".
            Grant grant = g == null ? new Grant() : g;
            List<String> permissions = orEmpty(grant.permissions).stream().map(AuthReply::nullToEmpty).toList();
            for (String p : permissions) {
                if (!Authorization.SUBSCRIBE.equals(p) && !Authorization.PUBLISH.equals(p)) {
                    throw new IOException("unknown permission " + p);
                }
            }
            List<Pattern> channels = new ArrayList<>();
            for (String c : orEmpty(grant.channels)) {
                channels.add(compile("channel", nullToEmpty(c)));
            }
            grants.add(new Authorization(compile("topic", nullToEmpty(grant.topic)), channels, permissions));
        }
        if (reply.ttl <= 0) {
            throw new IOException("invalid TTL " + reply.ttl + " (must be >0)");
        }
        return new AuthState(nullToEmpty(reply.identity), nullToEmpty(reply.identityUrl), grants,
                nowNanos + TimeUnit.SECONDS.toNanos(reply.ttl));
    }

    private static Pattern compile(String what, String regex) throws IOException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IOException("unable to compile " + what + " \"" + regex + "\" " + e.getDescription());
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
