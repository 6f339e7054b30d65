package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Looking at what a client received, whichever client it was. */
final class Deliveries {
    private Deliveries() {
    }

    static List<String> bodies(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::body).toList();
    }

    static List<Delivery> deliveriesOf(String body, List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.body().equals(body)).toList();
    }

    /** Each body exactly once, each on its first attempt, no two with the same message id. */
    static void assertEachExactlyOnce(List<Delivery> deliveries, List<String> expectedBodies) {
        assertThat(bodies(deliveries)).containsExactlyInAnyOrderElementsOf(expectedBodies);
        assertThat(deliveries).extracting(Delivery::attempts).containsOnly(1);
        assertThat(deliveries).extracting(Delivery::id).doesNotHaveDuplicates();
    }

    /** The same message twice: the first delivery with attempts 1, the redelivery with attempts 2. */
    static void assertRedeliveredOnce(List<Delivery> deliveries) {
        assertThat(deliveries).extracting(Delivery::attempts).containsExactly(1, 2);
        assertThat(deliveries).extracting(Delivery::id).containsOnly(deliveries.get(0).id());
    }
}
