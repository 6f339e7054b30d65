package io.jnsq.nsqadmin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import io.jnsq.common.json.Json;
import io.jnsq.nsqadmin.AdminAction;
import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The admin actions (every POST and DELETE of the API): create, delete, pause, unpause and empty topics and channels,
 * and tombstone a topic's producer. Only admins may act (everyone, without {@code --admin-user}); each action is
 * notified to {@code --notification-http-endpoint} as NSQ does: pause, unpause and empty even when they failed.
 */
final class ActionsApi {
    private final Nsqadmin admin;
    private final ClusterInfo ci;
    private final Blocking blocking;

    ActionsApi(Nsqadmin admin, Blocking blocking) {
        this.admin = admin;
        this.ci = admin.clusterInfo();
        this.blocking = blocking;
    }

    /** {@code {"topic":"t","channel":"c"}}, the channel optional: created on every nsqlookupd (and nsqd). */
    Object doCreateTopicChannel(Request request) throws HttpException {
        checkAdmin(request);
        JsonNode body = readJson(request);
        String topic = text(body, "topic");
        String channel = text(body, "channel");
        if (!Names.isValidTopicName(topic)) {
            throw new HttpException(400, "INVALID_TOPIC");
        }
        if (!channel.isEmpty() && !Names.isValidChannelName(channel)) {
            throw new HttpException(400, "INVALID_CHANNEL");
        }
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            ci.createTopicChannel(topic, channel.isEmpty() ? null : channel, admin.lookupdHttpAddresses(),
                    warnings.next());
            notify("create_topic", topic, "", "", request);
            if (!channel.isEmpty()) {
                notify("create_channel", topic, channel, "", request);
            }
            return message(warnings);
        });
    }

    Object doDeleteTopic(Request request) throws HttpException {
        checkAdmin(request);
        String topic = request.param("topic");
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            ci.deleteTopic(topic, admin.lookupdHttpAddresses(), admin.nsqdHttpAddresses(), warnings.next());
            notify("delete_topic", topic, "", "", request);
            return message(warnings);
        });
    }

    Object doDeleteChannel(Request request) throws HttpException {
        checkAdmin(request);
        String topic = request.param("topic");
        String channel = request.param("channel");
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            ci.deleteChannel(topic, channel, admin.lookupdHttpAddresses(), admin.nsqdHttpAddresses(),
                    warnings.next());
            notify("delete_channel", topic, channel, "", request);
            return message(warnings);
        });
    }

    Object doTopicAction(Request request) throws HttpException {
        return topicChannelAction(request, request.param("topic"), null);
    }

    Object doChannelAction(Request request) throws HttpException {
        return topicChannelAction(request, request.param("topic"), request.param("channel"));
    }

    /** {@code {"action":"pause"|"unpause"|"empty"}} on every producer of the topic, for the topic or a channel. */
    private Object topicChannelAction(Request request, String topic, String channel) throws HttpException {
        checkAdmin(request);
        String action = text(readJson(request), "action");
        if (!action.equals("pause") && !action.equals("unpause") && !action.equals("empty")) {
            throw new HttpException(400, "INVALID_ACTION");
        }
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            try {
                ci.topicChannelAction(action, topic, channel, admin.lookupdHttpAddresses(),
                        admin.nsqdHttpAddresses(), warnings.next());
            } finally {
                notify(action + (channel == null ? "_topic" : "_channel"), topic, channel == null ? "" : channel,
                        "", request);
            }
            return message(warnings);
        });
    }

    /** {@code {"topic":"t"}}: the node tombstoned for the topic on every nsqlookupd, the topic deleted on it. */
    Object doTombstoneTopicProducer(Request request) throws HttpException {
        checkAdmin(request);
        String node = request.param("node");
        String topic;
        try {
            topic = text(readJson(request), "topic");
        } catch (HttpException e) {
            throw new HttpException(400, "INVALID_BODY");
        }
        if (!Names.isValidTopicName(topic)) {
            throw new HttpException(400, "INVALID_TOPIC");
        }
        return blocking.run(() -> {
            Warnings warnings = new Warnings();
            ci.tombstoneNodeForTopic(topic, node, admin.lookupdHttpAddresses(), warnings.next());
            notify("tombstone_topic_producer", topic, "", node, request);
            return message(warnings);
        });
    }

    /** NSQ's {@code isAuthorizedAdminRequest}: anyone without admin users, else one named in the ACL header. */
    static boolean isAdmin(Nsqadmin admin, Request request) {
        List<String> adminUsers = admin.options().adminUsers;
        if (adminUsers.isEmpty()) {
            return true;
        }
        String user = request.header(admin.options().aclHttpHeader);
        return adminUsers.contains(user == null ? "" : user);
    }

    private void checkAdmin(Request request) throws HttpException {
        if (!isAdmin(admin, request)) {
            throw new HttpException(403, "FORBIDDEN");
        }
    }

    /** The JSON object of the body; anything else is a 400 carrying the decoder's complaint. */
    private static JsonNode readJson(Request request) throws HttpException {
        byte[] body = request.body();
        if (body.length == 0) {
            throw new HttpException(400, "EOF"); // Go's json.Decoder on an empty body
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpException(400, e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpException(400, e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new HttpException(400, "json: cannot unmarshal " + (json == null ? "nothing" : json.getNodeType()
                    .toString().toLowerCase()) + " into Go value of type struct");
        }
        return json;
    }

    /** A string field, empty when absent; any other type is a 400 as Go's decoder would refuse it. */
    private static String text(JsonNode body, String field) throws HttpException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new HttpException(400, "json: cannot unmarshal " + value.getNodeType().toString().toLowerCase()
                    + " into Go struct field ." + field + " of type string");
        }
        return value.textValue();
    }

    private void notify(String action, String topic, String channel, String node, Request request) {
        String host = request.header("Host");
        boolean https = request.peer().tls() != null || "https".equals(request.header("X-Scheme"));
        String remote = request.peer().remote() == null ? ""
                : HostPort.format(request.peer().remote());
        admin.notify(new AdminAction(action, topic, channel, node, System.currentTimeMillis() / 1000,
                basicAuthUser(request.header("Authorization")), remote, nullToEmpty(request.header("User-Agent")),
                (https ? "https" : "http") + "://" + nullToEmpty(host) + request.path()
                        + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()), admin.hostname()));
    }

    /** The user of an HTTP Basic {@code Authorization} header, or empty. */
    static String basicAuthUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return colon < 0 ? "" : credentials.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> message(Warnings warnings) {
        return Map.of("message", warnings.message());
    }
}
