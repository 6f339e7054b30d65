package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.zip.CRC32;

/** Looking at what a client received, whichever client it was. */
final class Deliveries {
    private Deliveries() {
    }

    private static final int LABEL_MAX_CHARS = 48;

    static List<String> bodies(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::body).toList();
    }

    /**
     * A body short enough for a failure message, still telling different bodies apart: a long one becomes its
     * start, its length and its CRC-32.
     */
    static String label(String body) {
        if (body.length() <= LABEL_MAX_CHARS) {
            return body;
        }
        CRC32 crc = new CRC32();
        crc.update(Bodies.utf8(body));
        return String.format("%s... (%d chars, crc32 %08x)", body.substring(0, LABEL_MAX_CHARS / 2), body.length(),
                crc.getValue());
    }

    static List<String> labels(List<String> bodies) {
        return bodies.stream().map(Deliveries::label).toList();
    }

    static List<Delivery> deliveriesOf(String body, List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.body().equals(body)).toList();
    }

    /**
     * Each body exactly once, each on its first attempt, no two with the same message id.
     *
     * @param receiver who received them, for the failure message
     */
    static void assertEachExactlyOnce(String receiver, List<Delivery> deliveries, List<String> expectedBodies) {
        assertThat(deliveries)
                .as("%s: each delivery as body (attempts)", receiver)
                .extracting(d -> label(d.body()) + " (attempts " + d.attempts() + ")")
                .containsExactlyInAnyOrderElementsOf(expectedBodies.stream()
                        .map(body -> label(body) + " (attempts 1)")
                        .toList());
        assertThat(deliveries)
                .as("%s: message ids", receiver)
                .extracting(Delivery::id)
                .doesNotHaveDuplicates();
    }

    /** The same message twice: the first delivery with attempts 1, the redelivery with attempts 2. */
    static void assertRedeliveredOnce(List<Delivery> deliveries) {
        assertThat(deliveries).extracting(Delivery::attempts).containsExactly(1, 2);
        assertThat(deliveries).extracting(Delivery::id).containsOnly(deliveries.get(0).id());
    }
}
