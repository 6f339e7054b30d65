package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A topic an nsqd produces, as nsqlookupd's {@code /nodes} lists it, with whether it is tombstoned there. */
@JsonPropertyOrder({"topic", "tombstoned"})
public record ProducerTopic(@JsonProperty("topic") String topic, @JsonProperty("tombstoned") boolean tombstoned) {
}
