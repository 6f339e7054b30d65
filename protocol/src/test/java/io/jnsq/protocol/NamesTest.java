package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @Test
    void sixtyFourCharactersAreValidSixtyFiveAreNot() {
        assertThat(Names.isValidTopicName("a".repeat(64))).isTrue();
        assertThat(Names.isValidTopicName("a".repeat(65))).isFalse();
        assertThat(Names.isValidChannelName("a".repeat(64))).isTrue();
        assertThat(Names.isValidChannelName("a".repeat(65))).isFalse();
    }

    @Test
    void ephemeralSuffixCountsTowardTheLimit() {
        assertThat(Names.isValidTopicName("a".repeat(54) + "#ephemeral")).isTrue();
        assertThat(Names.isValidTopicName("a".repeat(55) + "#ephemeral")).isFalse();
    }

    @Test
    void ephemeralSuffixMustEndTheName() {
        assertThat(Names.isValidTopicName("t1#ephemeral")).isTrue();
        assertThat(Names.isValidTopicName("t1#ephemeralx")).isFalse();
        assertThat(Names.isValidTopicName("t1#ephemeral#ephemeral")).isFalse();
        assertThat(Names.isValidChannelName("c#Ephemeral")).isFalse();
    }

    @Test
    void ephemeralSuffixAloneIsInvalid() {
        assertThat(Names.isValidTopicName("#ephemeral")).isFalse();
        assertThat(Names.isValidChannelName("#ephemeral")).isFalse();
    }

    @Test
    void allAllowedCharacters() {
        assertThat(Names.isValidTopicName("abcdefghijklmnopqrstuvwxyz0123456789.-_")).isTrue();
        assertThat(Names.isValidChannelName("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")).isTrue();
        assertThat(Names.isValidTopicName(".")).isTrue();
        assertThat(Names.isValidTopicName("-")).isTrue();
        assertThat(Names.isValidTopicName("_")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "a:b", "a#b", "#", "é", "a\n", "a*", "a\u0000"})
    void disallowedNames(String name) {
        assertThat(Names.isValidTopicName(name)).isFalse();
        assertThat(Names.isValidChannelName(name)).isFalse();
    }

    @Test
    void nullIsInvalid() {
        assertThat(Names.isValidTopicName(null)).isFalse();
    }

    @Test
    void isEphemeral() {
        assertThat(Names.isEphemeral("t#ephemeral")).isTrue();
        assertThat(Names.isEphemeral("t")).isFalse();
        assertThat(Names.isEphemeral("t#ephemeralx")).isFalse();
    }
}
