package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTypeTest {

    @Test
    void wireValuesRoundTrip() {
        for (FrameType type : FrameType.values()) {
            assertThat(FrameType.fromWire(type.wireValue())).isSameAs(type);
        }
        assertThat(FrameType.RESPONSE.wireValue()).isZero();
        assertThat(FrameType.ERROR.wireValue()).isEqualTo(1);
        assertThat(FrameType.MESSAGE.wireValue()).isEqualTo(2);
    }

    @Test
    void undefinedValuesHaveNoType() {
        assertThat(FrameType.fromWire(3)).isNull();
        assertThat(FrameType.fromWire(-1)).isNull();
    }
}
