package io.jnsq.nsqlookupd.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jnsq.common.Version;
import io.jnsq.common.json.Json;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.PeerInfo;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.nsqlookupd.RegistrationDb;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.Names;
import io.jnsq.protocol.ProtocolException;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqlookupd's side of one nsqd connection: its commands against the registration DB. No Netty here
 * ({@link ProtocolV1Handler} is the glue). Every error is fatal, as in NSQ.
 */
final class LookupProtocolV1 {
    private static final Logger log = LoggerFactory.getLogger(LookupProtocolV1.class);

    private final Nsqlookupd lookupd;
    private final RegistrationDb db;
    private final String remoteAddress;
    private PeerInfo peer;

    LookupProtocolV1(Nsqlookupd lookupd, String remoteAddress) {
        this.lookupd = lookupd;
        this.db = lookupd.db();
        this.remoteAddress = remoteAddress;
    }

    /**
     * Runs one command line, already split on spaces.
     *
     * @return the response, or {@code null} for an IDENTIFY whose body must be read next and given to
     *     {@link #identify}
     */
    byte[] exec(List<String> params) throws ProtocolException {
        return switch (params.get(0)) {
            case "PING" -> ping();
            case "IDENTIFY" -> startIdentify();
            case "REGISTER" -> register(params);
            case "UNREGISTER" -> unregister(params);
            default -> throw ProtocolException.invalid("invalid command " + params.get(0));
        };
    }

    private byte[] ping() {
        if (peer != null) {
            db.touch(peer);
        }
        return Frames.OK;
    }

    private byte[] startIdentify() throws ProtocolException {
        if (peer != null) {
            throw ProtocolException.invalid("cannot IDENTIFY again");
        }
        return null;
    }

    /** IDENTIFY's body: the peer is known from now on, and registered as a client. */
    byte[] identify(byte[] body) throws ProtocolException {
        peer = IdentifyBody.decode(body, remoteAddress, db.now());
        log.info("CLIENT({}): IDENTIFY Address:{} TCP:{} HTTP:{} Version:{}", remoteAddress, peer.broadcastAddress(),
                peer.tcpPort(), peer.httpPort(), peer.version());
        addProducer(Registration.client());
        // Go's encoding/json writes a map's keys sorted
        TreeMap<String, Object> reply = new TreeMap<>();
        reply.put("tcp_port", lookupd.tcpAddress().getPort());
        reply.put("http_port", lookupd.httpAddress().getPort());
        reply.put("version", Version.NSQ);
        reply.put("broadcast_address", lookupd.options().broadcastAddress);
        reply.put("hostname", lookupd.hostname());
        try {
            return Json.mapper().writeValueAsBytes(reply);
        } catch (JsonProcessingException e) {
            return Frames.OK; // as NSQ, which answers OK when it cannot encode its reply
        }
    }

    private byte[] register(List<String> params) throws ProtocolException {
        Target target = target("REGISTER", params);
        if (!target.channel().isEmpty()) {
            addProducer(Registration.channel(target.topic(), target.channel()));
        }
        addProducer(Registration.topic(target.topic()));
        return Frames.OK;
    }

    /**
     * A channel: the peer leaves it (an ephemeral channel goes with its last producer). A topic: the peer leaves
     * the topic and, unexpectedly for a well-behaved nsqd, every channel of it that it still had.
     */
    private byte[] unregister(List<String> params) throws ProtocolException {
        Target target = target("UNREGISTER", params);
        if (!target.channel().isEmpty()) {
            removeProducer(Registration.channel(target.topic(), target.channel()), target.channel());
            return Frames.OK;
        }
        for (Registration key : db.findRegistrations(Registration.CHANNEL, target.topic(), Registration.ANY)) {
            if (db.removeProducer(key, peer.id()).removed()) {
                log.warn("client({}) unexpected UNREGISTER category:{} key:{} subkey:{}", remoteAddress,
                        key.category(), key.key(), key.subKey());
            }
        }
        removeProducer(Registration.topic(target.topic()), target.topic());
        return Frames.OK;
    }

    private void addProducer(Registration key) {
        if (db.addProducer(key, peer)) {
            logRegistration("REGISTER", key);
        }
    }

    private void removeProducer(Registration key, String name) {
        RegistrationDb.Removal removal = db.removeProducer(key, peer.id());
        if (removal.removed()) {
            logRegistration("UNREGISTER", key);
        }
        if (removal.left() == 0 && Names.isEphemeral(name)) {
            db.removeRegistration(key);
        }
    }

    /** What REGISTER and UNREGISTER name: a topic, and a channel or "". */
    private record Target(String topic, String channel) {
    }

    /** The target of REGISTER and UNREGISTER, checked in NSQ's order. */
    private Target target(String command, List<String> params) throws ProtocolException {
        if (peer == null) {
            throw ProtocolException.invalid("client must IDENTIFY");
        }
        if (params.size() < 2) {
            throw ProtocolException.invalid(command + " insufficient number of params");
        }
        String topic = params.get(1);
        String channel = params.size() > 2 ? params.get(2) : "";
        if (!Names.isValidTopicName(topic)) {
            throw ProtocolException.fatal("E_BAD_TOPIC", command + " topic name '" + topic + "' is not valid");
        }
        if (!channel.isEmpty() && !Names.isValidChannelName(channel)) {
            throw ProtocolException.fatal("E_BAD_CHANNEL", command + " channel name '" + channel + "' is not valid");
        }
        return new Target(topic, channel);
    }

    /** The connection is gone: the peer leaves every registration; the registrations stay. */
    void closed() {
        if (peer == null) {
            return;
        }
        for (Registration key : db.lookupRegistrations(peer.id())) {
            if (db.removeProducer(key, peer.id()).removed()) {
                logRegistration("UNREGISTER", key);
            }
        }
    }

    private void logRegistration(String what, Registration key) {
        log.info("DB: client({}) {} category:{} key:{} subkey:{}", remoteAddress, what, key.category(), key.key(),
                key.subKey());
    }
}
