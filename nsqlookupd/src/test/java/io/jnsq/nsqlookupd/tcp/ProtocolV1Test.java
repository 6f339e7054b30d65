package io.jnsq.nsqlookupd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqlookupd.LookupdTestBase;
import io.jnsq.nsqlookupd.PeerInfo;
import io.jnsq.nsqlookupd.Producer;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.nsqlookupd.RegistrationDb;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.LookupWireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol V1 over loopback, as nsqd speaks it: the commands, their replies and what they do to the DB. */
class ProtocolV1Test extends LookupdTestBase {
    private RegistrationDb db() {
        return lookupd().db();
    }

    private List<String> producerIds(Registration key) {
        return db().findProducers(key.category(), key.key(), key.subKey()).stream()
                .map(p -> p.peer().id()).toList();
    }

    private static void halfClose(LookupWireClient client) {
        try {
            client.socket().shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void identifyRepliesWithLookupdsAddressesAndRegistersTheClient() {
        LookupWireClient client = connect().identify(NSQD_IDENTIFY);

        assertThat(client.readResponse()).isEqualTo("{\"broadcast_address\":\"lookupd.test\",\"hostname\":\""
                + lookupd().hostname() + "\",\"http_port\":" + lookupd().httpAddress().getPort() + ",\"tcp_port\":"
                + lookupd().tcpAddress().getPort() + ",\"version\":\"1.3.0\"}");
        List<Producer> clients = db().findProducers(Registration.CLIENT, "", "");
        assertThat(clients).hasSize(1);
        PeerInfo peer = clients.get(0).peer();
        assertThat(peer.id()).isEqualTo(peerId(client)); // "127.0.0.1:<the client socket's local port>"
        assertThat(peer.hostname()).isEqualTo("vm");
        assertThat(peer.broadcastAddress()).isEqualTo("127.0.0.1");
        assertThat(peer.tcpPort()).isEqualTo(4150);
        assertThat(peer.httpPort()).isEqualTo(4151);
        assertThat(peer.version()).isEqualTo("1.3.0");
        assertThat(peer.lastUpdate()).isEqualTo(db().now());
    }

    @Test
    void identifyTakesKeysInAnyCaseAndIgnoresUnknownOnesAndNulls() {
        identified("{\"BROADCAST_ADDRESS\":\"h\",\"Tcp_Port\":1,\"http_port\":2,\"version\":\"v\",\"hostname\":null,"
                + "\"extra\":[1,{}],\"topology_zone\":\"z\",\"topology_region\":\"r\"}");
        PeerInfo peer = db().findProducers(Registration.CLIENT, "", "").get(0).peer();
        assertThat(peer.broadcastAddress()).isEqualTo("h");
        assertThat(peer.tcpPort()).isEqualTo(1);
        assertThat(peer.hostname()).isEmpty();
        assertThat(peer.topologyZone()).isEqualTo("z");
        assertThat(peer.topologyRegion()).isEqualTo("r");
    }

    @Test
    void pingIsOkBeforeAndAfterIdentifyAndRefreshesLiveness() {
        LookupWireClient client = connect();
        client.send("PING\n").expectOk();
        client.identify(NSQD_IDENTIFY).readResponse();
        mutableClock().advance(Duration.ofSeconds(15));
        client.send("  PING \r\n").expectOk();
        assertThat(db().findProducers(Registration.CLIENT, "", "").get(0).peer().lastUpdate()).isEqualTo(db().now());
    }

    @Test
    void registerAddsThePeerToTheChannelAndItsTopic() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.register("t", "c").expectOk();
        client.register("t2", null).expectOk();
        client.register("t", "c").expectOk(); // again: no change

        assertThat(producerIds(Registration.channel("t", "c"))).containsExactly(peerId(client));
        assertThat(producerIds(Registration.topic("t"))).containsExactly(peerId(client));
        assertThat(producerIds(Registration.topic("t2"))).containsExactly(peerId(client));
        assertThat(db().findRegistrations(Registration.CHANNEL, "t2", Registration.ANY)).isEmpty();
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        LookupWireClient client = connect();
        byte[] body = NSQD_IDENTIFY.getBytes(StandardCharsets.UTF_8);
        client.send("PING\nIDENTIFY\n").send(ByteBuffer.allocate(4).putInt(body.length).array()).send(body)
                .send("REGISTER t c\nPING\n");
        assertThat(client.readResponse()).isEqualTo("OK");
        assertThat(client.readResponse()).startsWith("{\"broadcast_address\"");
        assertThat(client.readResponse()).isEqualTo("OK");
        assertThat(client.readResponse()).isEqualTo("OK");
    }

    @Test
    void unregisteringAChannelKeepsItsKeyUnlessItIsEphemeral() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.register("t", "c").expectOk();
        client.register("t", "e#ephemeral").expectOk();
        LookupWireClient other = identified(NSQD_IDENTIFY);
        other.register("t", "e2#ephemeral").expectOk();
        client.register("t", "e2#ephemeral").expectOk();

        client.unregister("t", "c").expectOk();
        client.unregister("t", "e#ephemeral").expectOk();
        client.unregister("t", "e2#ephemeral").expectOk();

        assertThat(db().findRegistrations(Registration.CHANNEL, "t", Registration.ANY)).containsExactly(
                Registration.channel("t", "c"), Registration.channel("t", "e2#ephemeral"));
        assertThat(producerIds(Registration.channel("t", "c"))).isEmpty();
        assertThat(producerIds(Registration.channel("t", "e2#ephemeral"))).containsExactly(peerId(other));
        // the topic registration is untouched by a channel's UNREGISTER
        assertThat(producerIds(Registration.topic("t"))).containsExactlyInAnyOrder(peerId(client), peerId(other));
    }

    @Test
    void unregisteringATopicLeavesItsChannelsAndDropsAnEphemeralTopicWithItsLastProducer() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.register("t", "c1").expectOk();
        client.register("t#ephemeral", "c").expectOk();

        client.unregister("t", null).expectOk();
        client.unregister("t#ephemeral", null).expectOk();

        assertThat(db().findRegistrations(Registration.TOPIC, Registration.ANY, "")).containsExactly(
                Registration.topic("t"));
        assertThat(producerIds(Registration.topic("t"))).isEmpty();
        assertThat(db().findRegistrations(Registration.CHANNEL, Registration.ANY, Registration.ANY)).containsExactly(
                Registration.channel("t", "c1"), Registration.channel("t#ephemeral", "c"));
        assertThat(producerIds(Registration.channel("t", "c1"))).isEmpty();
    }

    @Test
    void aDisconnectRemovesThePeerEverywhereButKeepsTheRegistrations() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.register("t", "c").expectOk();
        client.register("t#ephemeral", "c#ephemeral").expectOk();
        String id = peerId(client);

        client.close();

        Await.until(EVENTUALLY, () -> db().lookupRegistrations(id).isEmpty(), "the peer to be removed");
        assertThat(db().findRegistrations(Registration.TOPIC, Registration.ANY, "")).containsExactly(
                Registration.topic("t"), Registration.topic("t#ephemeral"));
        assertThat(db().findRegistrations(Registration.CLIENT, "", "")).containsExactly(Registration.client());
    }

    // ---- errors: every one is answered, then the connection closes ----

    private void assertFatal(LookupWireClient client, String error) {
        assertThat(client.readResponse()).isEqualTo(error);
        client.assertClosed(CLOSE_WITHIN);
    }

    @Test
    void aBadMagicIsRefusedWithABareCode() {
        LookupWireClient client = connectWithoutMagic().send("  V2");
        assertFatal(client, "E_BAD_PROTOCOL");
    }

    @Test
    void theBadMagicAnswerIsSizePrefixedWithoutAFrameType() throws IOException {
        LookupWireClient client = connectWithoutMagic().send("HTTP");
        client.socket().setSoTimeout(5000);
        byte[] raw = client.socket().getInputStream().readNBytes(18);
        assertThat(raw).isEqualTo(ByteBuffer.allocate(18).putInt(14)
                .put("E_BAD_PROTOCOL".getBytes(StandardCharsets.US_ASCII)).array());
    }

    @Test
    void anUnknownCommandIsInvalid() {
        assertFatal(connect().send("FOO bar\n"), "E_INVALID invalid command FOO");
    }

    @Test
    void commandNamesAreCaseSensitive() {
        assertFatal(connect().send("ping\n"), "E_INVALID invalid command ping");
    }

    @Test
    void anEmptyLineIsAnInvalidCommandWithNoName() {
        assertFatal(connect().send("\r\n"), "E_INVALID invalid command ");
    }

    @Test
    void aSecondIdentifyIsInvalid() {
        assertFatal(identified(NSQD_IDENTIFY).identify(NSQD_IDENTIFY), "E_INVALID cannot IDENTIFY again");
    }

    @Test
    void anIdentifyCutInItsSizeFailsToReadTheSize() {
        LookupWireClient client = connect().send("IDENTIFY\n").send(new byte[] {0, 0});
        halfClose(client);
        assertFatal(client, "E_BAD_BODY IDENTIFY failed to read body size");
    }

    @Test
    void anIdentifyWithoutASizeFailsToReadTheSize() {
        LookupWireClient client = connect().send("IDENTIFY\n");
        halfClose(client);
        assertFatal(client, "E_BAD_BODY IDENTIFY failed to read body size");
    }

    @Test
    void anIdentifyCutInItsBodyFailsToReadTheBody() {
        LookupWireClient client = connect().send("IDENTIFY\n").send(new byte[] {0, 0, 0, 10}).send("{\"v");
        halfClose(client);
        assertFatal(client, "E_BAD_BODY IDENTIFY failed to read body");
    }

    @Test
    void aNegativeIdentifySizeIsRefused() {
        LookupWireClient client = connect().send("IDENTIFY\n").send(new byte[] {-1, -1, -1, -1});
        assertFatal(client, "E_BAD_BODY IDENTIFY invalid body size -1");
    }

    @Test
    void aHugeIdentifySizeIsRefused() {
        LookupWireClient client = connect().send("IDENTIFY\n").send(ByteBuffer.allocate(4)
                .putInt(ProtocolV1Handler.MAX_IDENTIFY_BODY + 1).array());
        assertFatal(client, "E_BAD_BODY IDENTIFY invalid body size " + (ProtocolV1Handler.MAX_IDENTIFY_BODY + 1));
    }

    @Test
    void identifyBodiesThatAreNotPeerJsonFailToDecode() {
        for (String body : new String[] {"", "{", "[]", "\"x\"", "{\"tcp_port\":\"4150\"}", "{\"tcp_port\":4150.5}",
                "{\"version\":1}", "{} {}"}) {
            assertFatal(connect().identify(body), "E_BAD_BODY IDENTIFY failed to decode JSON body");
        }
    }

    @Test
    void identifyNeedsBroadcastAddressPortsAndVersion() {
        for (String body : new String[] {"null", "{}",
                "{\"tcp_port\":4150,\"http_port\":4151,\"version\":\"1.3.0\"}",
                "{\"broadcast_address\":\"h\",\"http_port\":4151,\"version\":\"1.3.0\"}",
                "{\"broadcast_address\":\"h\",\"tcp_port\":4150,\"version\":\"1.3.0\"}",
                "{\"broadcast_address\":\"h\",\"tcp_port\":4150,\"http_port\":4151}",
                "{\"broadcast_address\":\"h\",\"tcp_port\":0,\"http_port\":4151,\"version\":\"1.3.0\"}"}) {
            assertFatal(connect().identify(body), "E_BAD_BODY IDENTIFY missing fields");
        }
        assertThat(db().findRegistrations(Registration.CLIENT, "", "")).isEmpty();
    }

    @Test
    void registerAndUnregisterNeedIdentify() {
        assertFatal(connect().register("t", null), "E_INVALID client must IDENTIFY");
        assertFatal(connect().unregister("t", "c"), "E_INVALID client must IDENTIFY");
    }

    @Test
    void registerAndUnregisterNeedATopic() {
        assertFatal(identified(NSQD_IDENTIFY).send("REGISTER\n"), "E_INVALID REGISTER insufficient number of params");
        assertFatal(identified(NSQD_IDENTIFY).send("UNREGISTER \n"),
                "E_INVALID UNREGISTER insufficient number of params");
    }

    @Test
    void invalidTopicNamesAreQuotedWithSingleQuotes() {
        assertFatal(identified(NSQD_IDENTIFY).register("a!b", null), "E_BAD_TOPIC REGISTER topic name 'a!b' is not valid");
        assertFatal(identified(NSQD_IDENTIFY).unregister("a!b", "c"),
                "E_BAD_TOPIC UNREGISTER topic name 'a!b' is not valid");
        // two spaces make an empty topic
        assertFatal(identified(NSQD_IDENTIFY).send("REGISTER  t\n"), "E_BAD_TOPIC REGISTER topic name '' is not valid");
    }

    @Test
    void invalidChannelNamesAreQuotedWithSingleQuotes() {
        assertFatal(identified(NSQD_IDENTIFY).register("t", "c!"), "E_BAD_CHANNEL REGISTER channel name 'c!' is not valid");
        assertFatal(identified(NSQD_IDENTIFY).unregister("t", "c".repeat(65)),
                "E_BAD_CHANNEL UNREGISTER channel name '" + "c".repeat(65) + "' is not valid");
    }

    @Test
    void anEmptyChannelParamRegistersTheTopicOnly() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.send("REGISTER t  c\n").expectOk();
        assertThat(producerIds(Registration.topic("t"))).containsExactly(peerId(client));
        assertThat(db().findRegistrations(Registration.CHANNEL, Registration.ANY, Registration.ANY)).isEmpty();
    }

    @Test
    void anErrorAfterRegisteringRemovesThePeer() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        client.register("t", "c").expectOk();
        String id = peerId(client);
        assertFatal(client.send("NOPE\n"), "E_INVALID invalid command NOPE");
        Await.until(EVENTUALLY, () -> db().lookupRegistrations(id).isEmpty(), "the peer to be removed");
    }

    @Test
    void aLineLongerThanTheLimitClosesTheConnection() {
        LookupWireClient client = connect().send("PING" + " ".repeat(ProtocolV1Handler.MAX_LINE));
        client.assertClosed(CLOSE_WITHIN);
    }

    @Test
    void commandsAfterAnErrorAreNotRun() {
        LookupWireClient client = identified(NSQD_IDENTIFY);
        String id = peerId(client);
        client.send("FOO\nREGISTER t\n");
        assertFatal(client, "E_INVALID invalid command FOO");
        Await.until(EVENTUALLY, () -> db().lookupRegistrations(id).isEmpty(), "the peer to be removed");
        assertThat(db().findRegistrations(Registration.TOPIC, "t", "")).isEmpty();
    }
}
