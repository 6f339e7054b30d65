package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolExceptionTest {

    @Test
    void frameTextIsCodeSpaceDescription() {
        ProtocolException e = ProtocolException.fatal("E_BAD_TOPIC", "PUB topic name \"a b\" is not valid");

        assertThat(e.frameText()).isEqualTo("E_BAD_TOPIC PUB topic name \"a b\" is not valid");
        assertThat(e.code()).isEqualTo("E_BAD_TOPIC");
        assertThat(e.description()).isEqualTo("PUB topic name \"a b\" is not valid");
        assertThat(e.isFatal()).isTrue();
    }

    @Test
    void emptyDescriptionSendsTheBareCode() {
        // nsqd sends a bare E_BAD_PROTOCOL on a wrong magic, with no trailing space.
        assertThat(ProtocolException.fatal("E_BAD_PROTOCOL", "").frameText()).isEqualTo("E_BAD_PROTOCOL");
    }

    @Test
    void trailingSpaceInDescriptionIsKept() {
        // Unknown empty command: "E_INVALID invalid command " with the trailing space.
        assertThat(ProtocolException.invalid("invalid command ").frameText())
                .isEqualTo("E_INVALID invalid command ");
    }

    @Test
    void nonFatalErrorsKeepTheConnection() {
        ProtocolException e =
                ProtocolException.nonFatal("E_FIN_FAILED", "FIN 0123456789abcdef failed ID not in flight");

        assertThat(e.isFatal()).isFalse();
        assertThat(e.frameText()).isEqualTo("E_FIN_FAILED FIN 0123456789abcdef failed ID not in flight");
    }

    @Test
    void invalidIsFatalEInvalid() {
        ProtocolException e = ProtocolException.invalid("cannot SUB in current state");

        assertThat(e.code()).isEqualTo("E_INVALID");
        assertThat(e.isFatal()).isTrue();
    }
}
