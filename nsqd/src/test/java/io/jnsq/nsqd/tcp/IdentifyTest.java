package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Message;
import io.jnsq.testwire.WireClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IDENTIFY (nsqd.md §2.7): body checks, field validation in NSQ's order, and the negotiation response. */
class IdentifyTest extends ProtocolV2TestBase {
    private static final String DEFAULT_RESPONSE = "{\"max_rdy_count\":2500,\"version\":\"1.3.0\","
            + "\"max_msg_timeout\":900000,\"msg_timeout\":60000,\"tls_v1\":false,\"deflate\":false,"
            + "\"deflate_level\":6,\"max_deflate_level\":6,\"snappy\":false,\"sample_rate\":0,"
            + "\"auth_required\":false,\"output_buffer_size\":16384,\"output_buffer_timeout\":250,"
            + "\"topology_region\":\"\",\"topology_zone\":\"\"}";

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("not json", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("[]", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("\"s\"", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"heartbeat_interval\":\"1000\"}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"heartbeat_interval\":1000.5}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"feature_negotiation\":\"true\"}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"feature_negotiation\":1}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"client_id\":1}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                Arguments.of("{\"sample_rate\":4294967296}", "E_BAD_BODY IDENTIFY failed to decode JSON body"),
                // each field's invalid values
                invalid("heartbeat_interval", 999, "heartbeat interval (999) is invalid"),
                invalid("heartbeat_interval", 60001, "heartbeat interval (60001) is invalid"),
                invalid("heartbeat_interval", -2, "heartbeat interval (-2) is invalid"),
                invalid("heartbeat_interval", 4294968296L, "heartbeat interval (4294968296) is invalid"),
                invalid("output_buffer_timeout", 24, "output buffer timeout (24) is invalid"),
                invalid("output_buffer_timeout", 30001, "output buffer timeout (30001) is invalid"),
                invalid("output_buffer_timeout", -2, "output buffer timeout (-2) is invalid"),
                invalid("output_buffer_size", 63, "output buffer size (63) is invalid"),
                invalid("output_buffer_size", 65537, "output buffer size (65537) is invalid"),
                invalid("output_buffer_size", -2, "output buffer size (-2) is invalid"),
                invalid("sample_rate", -1, "sample rate (-1) is invalid"),
                invalid("sample_rate", 100, "sample rate (100) is invalid"),
                invalid("msg_timeout", 999, "msg timeout (999) is invalid"),
                invalid("msg_timeout", 900001, "msg timeout (900001) is invalid"),
                invalid("msg_timeout", -1, "msg timeout (-1) is invalid"),
                invalid("msg_timeout", 4294968296L, "msg timeout (4294968296) is invalid"),
                // NSQ's order: heartbeat, output buffer timeout, output buffer size, sample rate, msg timeout
                Arguments.of("{\"msg_timeout\":1,\"sample_rate\":100,\"output_buffer_size\":1,"
                        + "\"output_buffer_timeout\":1,\"heartbeat_interval\":1}",
                        "E_BAD_BODY IDENTIFY heartbeat interval (1) is invalid"),
                Arguments.of("{\"msg_timeout\":1,\"sample_rate\":100,\"output_buffer_size\":1,"
                        + "\"output_buffer_timeout\":1}", "E_BAD_BODY IDENTIFY output buffer timeout (1) is invalid"),
                Arguments.of("{\"msg_timeout\":1,\"sample_rate\":100,\"output_buffer_size\":1}",
                        "E_BAD_BODY IDENTIFY output buffer size (1) is invalid"),
                Arguments.of("{\"msg_timeout\":1,\"sample_rate\":100}", "E_BAD_BODY IDENTIFY sample rate (100) is invalid"),
                // validation comes before negotiation
                Arguments.of("{\"feature_negotiation\":true,\"snappy\":true,\"deflate\":true,\"msg_timeout\":1}",
                        "E_BAD_BODY IDENTIFY msg timeout (1) is invalid"),
                Arguments.of("{\"feature_negotiation\":true,\"snappy\":true,\"deflate\":true}",
                        "E_IDENTIFY_FAILED cannot enable both deflate and snappy compression"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalidBodies(String json, String error) {
        WireClient client = connect().identify(json);

        assertFatal(client, error);
    }

    static Stream<String> validBodies() {
        return Stream.of("{}", "null", "{\"short_id\":\"s\",\"long_id\":\"l\",\"unknown\":[1,{\"a\":2}]}",
                "{\"heartbeat_interval\":-1}", "{\"heartbeat_interval\":0}", "{\"heartbeat_interval\":1000}",
                "{\"heartbeat_interval\":60000}", "{\"output_buffer_timeout\":-1}", "{\"output_buffer_timeout\":25}",
                "{\"output_buffer_timeout\":30000}", "{\"output_buffer_size\":-1}", "{\"output_buffer_size\":64}",
                "{\"output_buffer_size\":65536}", "{\"sample_rate\":0}", "{\"sample_rate\":99}",
                "{\"msg_timeout\":0}", "{\"msg_timeout\":1000}", "{\"msg_timeout\":900000}",
                "{\"heartbeat_interval\":null,\"client_id\":null}", "{\"feature_negotiation\":false}",
                "{\"client_id\":\"c\",\"hostname\":\"h\",\"user_agent\":\"u/1.0\",\"topology_zone\":\"z\","
                        + "\"topology_region\":\"r\",\"tls_v1\":false,\"deflate_level\":3}");
    }

    @ParameterizedTest
    @MethodSource
    void validBodies(String json) {
        connect().identify(json).expectOk().nop().assertNoFrame(QUIET);
    }

    @Test
    void bodySizeIsBoundedByMaxBodySize() {
        assertFatal(connect().send(lineAndSize("IDENTIFY", 5242881)),
                "E_BAD_BODY IDENTIFY body too big 5242881 > 5242880");
        assertFatal(connect().send(lineAndSize("IDENTIFY", 0)), "E_BAD_BODY IDENTIFY invalid body size 0");
        assertFatal(connect().send(lineAndSize("IDENTIFY", -1)), "E_BAD_BODY IDENTIFY invalid body size -1");
    }

    @Test
    void aSmallMaxBodySizeAppliesToo() {
        options.maxBodySize = 20;

        connect().identify("{\"client_id\":\"abcd\"}").expectOk();
        assertFatal(connect().identify("{\"client_id\":\"abcde\"}"), "E_BAD_BODY IDENTIFY body too big 21 > 20");
    }

    @Test
    void featureNegotiationAnswersJsonWithNsqsKeysInNsqsOrder() {
        WireClient client = connect().identify("{\"feature_negotiation\":true}");

        assertThat(client.readResponse()).isEqualTo(DEFAULT_RESPONSE);
    }

    @Test
    void theResponseShowsTheEffectiveClientSettings() {
        String response = connect().identify("{\"feature_negotiation\":true,\"output_buffer_size\":-1,"
                + "\"output_buffer_timeout\":1000,\"msg_timeout\":5000,\"sample_rate\":10}").readResponse();

        assertThat(response).contains("\"msg_timeout\":5000,", "\"sample_rate\":10,",
                "\"output_buffer_size\":1,\"output_buffer_timeout\":0,");
    }

    @Test
    void outputBufferTimeoutMinusOneDisablesTimedFlushOnly() {
        String response = connect().identify("{\"feature_negotiation\":true,\"output_buffer_timeout\":-1}")
                .readResponse();

        assertThat(response).contains("\"output_buffer_size\":16384,\"output_buffer_timeout\":0,");
    }

    @Test
    void explicitOutputBufferSettingsAreEchoed() {
        String response = connect().identify("{\"feature_negotiation\":true,\"output_buffer_size\":100,"
                + "\"output_buffer_timeout\":1000}").readResponse();

        assertThat(response).contains("\"output_buffer_size\":100,\"output_buffer_timeout\":1000,");
    }

    @Test
    void theResponseShowsNsqdsOptions() {
        options.maxRdyCount = 50;
        options.maxMsgTimeout = Duration.ofMinutes(2);
        options.msgTimeout = Duration.ofSeconds(30);
        options.outputBufferTimeout = Duration.ofMillis(100);
        options.maxDeflateLevel = 9;
        options.topologyRegion = "eu";
        options.topologyZone = "eu-1a";

        String response = connect().identify("{\"feature_negotiation\":true}").readResponse();

        assertThat(response).isEqualTo("{\"max_rdy_count\":50,\"version\":\"1.3.0\",\"max_msg_timeout\":120000,"
                + "\"msg_timeout\":30000,\"tls_v1\":false,\"deflate\":false,\"deflate_level\":6,"
                + "\"max_deflate_level\":9,\"snappy\":false,\"sample_rate\":0,\"auth_required\":false,"
                + "\"output_buffer_size\":16384,\"output_buffer_timeout\":100,\"topology_region\":\"eu\","
                + "\"topology_zone\":\"eu-1a\"}");
    }

    @Test
    void deflateLevelIsCappedByMaxDeflateLevelEvenWithoutDeflate() {
        // NSQ caps its default level 6 by --max-deflate-level before looking at what was negotiated.
        options.maxDeflateLevel = 3;

        String response = connect().identify("{\"feature_negotiation\":true}").readResponse();

        assertThat(response).contains("\"deflate_level\":3,\"max_deflate_level\":3,");
    }

    @Test
    void featuresNotOfferedAreNegotiatedOff() {
        // TLS needs a certificate; deflate is refused by its flag (compression itself: CompressionTest).
        options.deflate = false;
        String response = connect().identify("{\"feature_negotiation\":true,\"tls_v1\":true,\"deflate\":true,"
                + "\"deflate_level\":9}").readResponse();

        assertThat(response).contains("\"tls_v1\":false,\"deflate\":false,\"deflate_level\":6,");
    }

    @Test
    void snappyAndDeflateTogetherAreFineWhenOneIsDisabled() {
        options.snappy = false;

        String response = connect().identify("{\"feature_negotiation\":true,\"snappy\":true,\"deflate\":true}")
                .readResponse();

        assertThat(response).contains("\"deflate\":true,").contains("\"snappy\":false");
    }

    @Test
    void jsonKeysMatchCaseInsensitivelyAsInGo() {
        WireClient client = connect().identify("{\"Feature_Negotiation\":true,\"MSG_TIMEOUT\":5000}");

        assertThat(client.readResponse()).contains("\"msg_timeout\":5000,");
    }

    @Test
    void identityFieldsAreStoredAndNullLeavesThemEmpty() {
        subscribe("t", "c", "{\"client_id\":\"worker-1\",\"hostname\":\"h1\",\"user_agent\":\"test/1.0\"}");
        subscribe("t", "c", "{\"client_id\":null,\"hostname\":null,\"user_agent\":null}");

        ClientV2 named = (ClientV2) channel("t", "c").clients().get(0);
        ClientV2 nulls = (ClientV2) channel("t", "c").clients().get(1);
        assertThat(new String[] {named.clientId, named.hostname, named.userAgent})
                .containsExactly("worker-1", "h1", "test/1.0");
        assertThat(new String[] {nulls.clientId, nulls.hostname, nulls.userAgent}).containsExactly("", "", "");
    }

    @Test
    void aSecondIdentifyIsAllowedBeforeSubAndKeepsEarlierSettings() {
        WireClient client = connect().identify("{\"msg_timeout\":5000,\"sample_rate\":10}").expectOk();

        String response = client.identify("{\"feature_negotiation\":true}").readResponse();

        // 0 (absent) keeps the current msg_timeout; sample_rate is always replaced.
        assertThat(response).contains("\"msg_timeout\":5000,", "\"sample_rate\":0,");
        client.sub("t", "c").expectOk();
    }

    @Test
    void msgTimeoutFromIdentifyAppliesToDeliveries() {
        WireClient client = subscribe("t", "c", "{\"msg_timeout\":1000}");
        publish("t", "m");
        client.rdy(1);

        Message first = client.readMessage();
        Message again = client.readMessage();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.attempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"output_buffer_size\":-1}", "{\"output_buffer_timeout\":-1}",
            "{\"output_buffer_size\":64,\"output_buffer_timeout\":25}"})
    void everyOutputBufferSettingStillDeliversPromptly(String json) {
        WireClient client = subscribe("t", "c", json);
        client.rdy(10);

        for (int i = 0; i < 3; i++) {
            publish("t", "m" + i);
            assertThat(client.readMessage().bodyText()).isEqualTo("m" + i);
        }
    }

    private static Arguments invalid(String field, long value, String reason) {
        return Arguments.of("{\"" + field + "\":" + value + "}", "E_BAD_BODY IDENTIFY " + reason);
    }
}
