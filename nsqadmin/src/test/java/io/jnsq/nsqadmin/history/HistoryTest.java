package io.jnsq.nsqadmin.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static Map<String, Reading> topic(long messages, long depth) {
        return Map.of(History.topicKey("t"), new Reading().add(messages, depth, 0, 0, 0));
    }

    @Test
    void ratesFromTheSecondPollOn() {
        History history = new History(4);
        history.record(1_000, topic(0, 3));
        history.record(6_000, topic(50, 4));

        History.Chart chart = history.chart(History.topicKey("t"));

        assertThat(chart.millis()).containsExactly(1_000, 6_000);
        assertThat(chart.values(Metric.MESSAGE_RATE)).containsExactly(Float.NaN, 10f);
        assertThat(chart.values(Metric.DEPTH)).containsExactly(3f, 4f);
        assertThat(chart.values(Metric.E2E_LATENCY_MS)).containsExactly(Float.NaN, Float.NaN);
    }

    @Test
    void theRingKeepsTheLastPolls() {
        History history = new History(3);
        for (int i = 0; i < 7; i++) {
            history.record(i * 1_000L, topic(i * 2L, i));
        }

        History.Chart chart = history.chart(History.topicKey("t"));

        assertThat(chart.millis()).containsExactly(4_000, 5_000, 6_000);
        assertThat(chart.values(Metric.DEPTH)).containsExactly(4f, 5f, 6f);
        assertThat(chart.values(Metric.MESSAGE_RATE)).containsExactly(2f, 2f, 2f);
    }

    @Test
    void aMissedPollIsAGap() {
        History history = new History(5);
        history.record(0, topic(0, 1));
        history.record(1_000, Map.of());
        history.record(2_000, topic(10, 2));

        History.Chart chart = history.chart(History.topicKey("t"));

        assertThat(chart.values(Metric.DEPTH)).containsExactly(1f, Float.NaN, 2f);
        assertThat(chart.values(Metric.MESSAGE_RATE)).containsExactly(Float.NaN, Float.NaN, 5f);
    }

    @Test
    void aSeriesStartsAtItsFirstPoll() {
        History history = new History(5);
        history.record(0, Map.of());
        history.record(1_000, topic(0, 1));

        assertThat(history.chart(History.topicKey("t")).millis()).containsExactly(1_000);
        assertThat(history.chart(History.topicKey("other"))).isNull();
    }

    @Test
    void aSeriesUnseenForTheWholeWindowIsDropped() {
        History history = new History(2);
        history.record(0, topic(0, 1));
        history.record(1_000, Map.of());
        assertThat(history.size()).isEqualTo(1);

        history.record(2_000, Map.of());

        assertThat(history.size()).isZero();
        assertThat(history.chart(History.topicKey("t"))).isNull();
    }

    @Test
    void keysOfTopicsChannelsAndNodesDiffer() {
        assertThat(History.topicKey("a")).isNotEqualTo(History.nodeKey("a"));
        assertThat(History.channelKey("a", "b")).isNotEqualTo(History.topicKey("a b"));
    }

    @Test
    void tooShortAHistoryIsRefused() {
        assertThatThrownBy(() -> new History(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
