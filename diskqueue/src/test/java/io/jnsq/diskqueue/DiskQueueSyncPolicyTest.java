package io.jnsq.diskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiskQueueSyncPolicyTest {

    @Test
    void dueAfterSyncEveryOperationsAndNotBefore() {
        DiskQueueSyncPolicy policy = new DiskQueueSyncPolicy(3, Duration.ofHours(1));
        policy.counted(2);
        assertThat(policy.isDue()).isFalse();

        policy.counted(1);
        assertThat(policy.isDue()).isTrue();

        policy.synced();
        assertThat(policy.isDue()).isFalse();
        assertThat(policy.operations()).isZero();
    }

    @Test
    void theTimeoutCountsOnlyWithSomethingUnsynced() {
        DiskQueueSyncPolicy policy = new DiskQueueSyncPolicy(2500, Duration.ZERO);
        assertThat(policy.isTimedOut()).isFalse();

        policy.counted(1);
        assertThat(policy.isTimedOut()).isTrue();
        assertThat(policy.isDue()).isTrue();
    }

    @Test
    void aRequiredSyncStaysPendingUntilASyncAndAWriteTakenBackTakesItsOperationsBack() {
        DiskQueueSyncPolicy policy = new DiskQueueSyncPolicy(1, Duration.ofHours(1));
        assertThat(policy.syncsEveryWrite()).isTrue();
        policy.requireSync();
        assertThat(policy.isPending()).isTrue();
        policy.synced();
        assertThat(policy.isPending()).isFalse();

        long before = policy.operations();
        policy.counted(5);
        policy.rollBackTo(before);
        assertThat(policy.isDue()).isFalse();
    }
}
