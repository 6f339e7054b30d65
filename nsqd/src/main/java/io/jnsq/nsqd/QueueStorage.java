package io.jnsq.nsqd;

import io.jnsq.diskqueue.DiskQueue;
import io.jnsq.protocol.Names;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where nsqd's topics and channels keep what does not fit in memory: their backends (disk queues in the data path,
 * or nothing for {@code #ephemeral} ones), the deferred journals, and the two threads that keep disk waits off the
 * event loops: the sync thread (background fsyncs, {@code nsqd.dat}) and the storage thread ({@link
 * BackendWriter}).
 */
final class QueueStorage {
    private final Broker broker;
    private final NsqdOptions options;
    private final Path dataPath;
    /** Disk queue fsyncs and metadata writes that nobody needs to wait for. */
    private final ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nsqd-sync");
        t.setDaemon(true);
        return t;
    });
    private final BackendWriter writer = new BackendWriter();

    QueueStorage(Broker broker, NsqdOptions options, Path dataPath) {
        this.broker = broker;
        this.options = options;
        this.dataPath = dataPath;
    }

    /**
     * The backend of a topic ({@code <topic>}) or channel ({@code <topic>:<channel>}): a disk queue, or for
     * {@code #ephemeral} ones a backend that drops what does not fit in memory, as NSQ's does.
     */
    BackendQueue backend(String queueName) {
        if (Names.isEphemeral(queueName)) {
            return DiscardingBackendQueue.INSTANCE;
        }
        return MessageDiskQueue.open(queueName, options, syncer);
    }

    /**
     * The queue of a topic or channel over {@code backend}: writes to a disk queue that may wait for the disk go to
     * the storage thread, so that no event loop waits for it.
     */
    MessageQueue messageQueue(BackendQueue backend, MessageQueue.Owner owner) {
        return new MessageQueue(broker, backend, backend instanceof MessageDiskQueue ? writer : null, owner);
    }

    /**
     * Where a channel keeps its deferred messages across a crash: with --mem-queue-size 0 (nothing acknowledged
     * lives only in memory) a journal beside its disk queue, else nowhere, as in NSQ.
     */
    DeferredJournal deferredJournal(String queueName) {
        if (options.memQueueSize > 0 || Names.isEphemeral(queueName)) {
            return DeferredJournal.disabled();
        }
        Path journal = DiskQueue.fileBeside(dataPath, MessageDiskQueue.fileName(queueName), "deferred.journal");
        return DeferredJournal.open(journal, options.syncEvery == 1);
    }

    /** The sync thread, for writes nobody waits for. */
    Executor syncer() {
        return syncer;
    }

    /** Finishes the storage thread's writes; later ones run on their caller's thread. Before the queues close. */
    void finishWrites() {
        writer.close();
    }

    /** Lets the background syncs finish. After the queues closed. */
    void close() {
        syncer.shutdown();
        Broker.awaitTermination(syncer);
    }
}
