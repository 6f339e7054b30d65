package io.jnsq.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where a cluster keeps its data, and what it refuses while a node is stopped or running. */
class NsqClusterLifecycleTest {
    @Test
    @Timeout(30)
    void theTemporaryDataDirectoryIsDeletedOnClose() throws IOException {
        Path nodeDirectory;
        try (NsqCluster cluster = NsqCluster.builder().nsqds(2).lookupds(0).start()) {
            nodeDirectory = Path.of(cluster.nsqd(1).options().dataPath);
            assertThat(nodeDirectory).isDirectory().isNotEqualTo(Path.of(cluster.nsqd(0).options().dataPath));
        }
        assertThat(nodeDirectory.getParent()).doesNotExist();
    }

    @Test
    @Timeout(30)
    void aGivenDataDirectoryOutlivesTheCluster(@TempDir Path directory) throws IOException {
        try (NsqCluster cluster = NsqCluster.builder().dataDirectory(directory).start()) {
            cluster.nsqd(0).broker().topic("kept");
        }
        assertThat(directory.resolve("nsqd0").resolve("nsqd.dat")).content().contains("\"kept\"");
    }

    @Test
    @Timeout(30)
    void aStoppedNodeIsNotHandedOutAndARunningOneNotStartedTwice() throws IOException {
        try (NsqCluster cluster = NsqCluster.builder().start()) {
            cluster.stopNsqd(0);
            cluster.stopLookupd(0);

            assertThatThrownBy(() -> cluster.nsqd(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("nsqd 0 is stopped");
            assertThatThrownBy(() -> cluster.lookupd(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("nsqlookupd 0 is stopped");
            cluster.startLookupd(0);
            assertThatThrownBy(() -> cluster.startLookupd(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("nsqlookupd 0 is running");
        }
    }

    @Test
    @Timeout(5)
    void countsBelowZeroAreRefused() {
        assertThatThrownBy(() -> NsqCluster.builder().nsqds(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nsqds must be 0 or more, not -1");
    }
}
