package io.jnsq.nsqd.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One grant of an auth server reply: a topic regex, channel regexes and permissions. As NSQ, the regexes are
 * unanchored searches, and a publish (channel {@code ""}) also needs a channel regex that matches the empty string.
 */
public record Authorization(Pattern topic, List<Pattern> channels, List<String> permissions) {
    static final String SUBSCRIBE = "subscribe";
    static final String PUBLISH = "publish";

    /** Whether this grant allows a subscribe to {@code channel} of {@code topic}, or a publish if channel is empty. */
    public boolean isAllowed(String topicName, String channelName) {
        String needed = channelName.isEmpty() ? PUBLISH : SUBSCRIBE;
        if (!permissions.contains(needed) || !topic.matcher(topicName).find()) {
            return false;
        }
        return channels.stream().anyMatch(c -> c.matcher(channelName).find());
    }
}
