package io.jnsq.apps.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.client.Config;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --consumer-opt} and {@code --producer-opt}, as go-nsq's {@code nsq.ConfigFlag}. */
class ConfigFlagTest {
    @Test
    void keyCommaValueSetsTheOptionAndTheValueKeepsFurtherCommas() {
        assertThat(ConfigFlag.parse("max_attempts,10")).isEqualTo(new ConfigFlag("max_attempts", "10"));
        assertThat(ConfigFlag.parse("client_id,a,b")).isEqualTo(new ConfigFlag("client_id", "a,b"));
    }

    @Test
    void aKeyAloneSetsTrue() {
        assertThat(ConfigFlag.parse("snappy")).isEqualTo(new ConfigFlag("snappy", "true"));
    }

    @Test
    void unknownOptionsAndBadValuesFailWithGoNsqsMessages() {
        assertThatThrownBy(() -> ConfigFlag.parse("bogus,1")).hasMessage("invalid option bogus");
        assertThatThrownBy(() -> ConfigFlag.parse("max_in_flight,-1")).hasMessage("invalid max_in_flight ! -1 < 0");
        assertThatThrownBy(() -> ConfigFlag.parse("heartbeat_interval,soon"))
                .hasMessageStartingWith("failed to coerce option heartbeat_interval (soon)");
    }

    @Test
    void theToolsConfigTakesTheOptionsInOrderAndNsqsUserAgent() {
        Config config = ToolConfig.builder("nsq_tail", List.of(ConfigFlag.parse("heartbeat_interval,10s"),
                ConfigFlag.parse("max-attempts,3"), ConfigFlag.parse("max_attempts,4"),
                ConfigFlag.parse("user_agent,mine"))).build();

        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxAttempts()).isEqualTo(4);
        assertThat(config.userAgent()).isEqualTo("nsq_tail/1.3.0 go-nsq/1.1.0");
    }
}
