package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NsqHttpClientTest {

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForbiddenAnswerNamingAnHttpsPortIsAskedAgainThereWithPathAndQuery() {
        assertThat(NsqHttpClient.httpsUrl("http://user:pw@lookupd.local:4161/channels?topic=a%23ephemeral",
                body("{\"message\":\"TLS_REQUIRED\",\"https_port\":4162}")))
                .isEqualTo("https://user:pw@lookupd.local:4162/channels?topic=a%23ephemeral");
        assertThat(NsqHttpClient.httpsUrl("http://127.0.0.1:4181/auth", body("{\"https_port\":4182}")))
                .isEqualTo("https://127.0.0.1:4182/auth");
    }

    @Test
    void otherForbiddenAnswersAreFinal() {
        assertThat(NsqHttpClient.httpsUrl("http://h:1/auth", body("{\"message\":\"FORBIDDEN\"}"))).isNull();
        assertThat(NsqHttpClient.httpsUrl("http://h:1/auth", body("{\"https_port\":\"x\"}"))).isNull();
        assertThat(NsqHttpClient.httpsUrl("http://h:1/auth", body("not json"))).isNull();
        assertThat(NsqHttpClient.httpsUrl("https://h:1/auth", body("{\"https_port\":2}"))).isNull();
    }

    @Test
    void queryEscapeIsGos() {
        assertThat(NsqHttpClient.queryEscape("a b*~#&=/")).isEqualTo("a+b%2A~%23%26%3D%2F");
    }
}
