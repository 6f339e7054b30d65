package io.jnsq.nsqd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Nulls in an auth server's reply read as Go's zero values (found by fuzzing: they threw NullPointerException). */
class AuthReplyTest {
    private static AuthState parse(String json) throws IOException {
        return AuthReply.parse(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void aNullGrantIsAGrantOfNothing() throws IOException {
        AuthState state = parse("{\"ttl\":60,\"authorizations\":[null]}");

        assertThat(state.authorizations()).hasSize(1);
        assertThat(state.authorizations().get(0).isAllowed("t", "")).isFalse();
        assertThat(state.authorizations().get(0).isAllowed("t", "c")).isFalse();
    }

    @Test
    void aNullTopicOrChannelIsTheEmptyRegexThatMatchesEverything() throws IOException {
        AuthState state = parse("{\"ttl\":60,\"authorizations\":[{\"topic\":null,\"channels\":[null],"
                + "\"permissions\":[\"publish\",\"subscribe\"]}]}");

        assertThat(state.authorizations().get(0).isAllowed("t", "")).isTrue();
        assertThat(state.authorizations().get(0).isAllowed("t", "c")).isTrue();
    }

    @Test
    void aNullPermissionIsTheUnknownPermissionOfNoName() {
        assertThatThrownBy(() -> parse("{\"ttl\":60,\"authorizations\":[{\"permissions\":[null]}]}"))
                .isInstanceOf(IOException.class).hasMessage("unknown permission ");
    }
}
