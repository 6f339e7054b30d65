package io.jnsq.nsqd;

import java.util.List;

/**
 * One channel in /stats, field for field NSQ's {@code ChannelStats}, in the order of its JSON. Counters
 * ({@code messageCount}, {@code requeueCount}, {@code timeoutCount}, the {@code *MsgCount}s) only grow; the
 * others are gauges. {@code clients} is {@code null} when clients were not asked for; {@code clientCount} is
 * always there.
 *
 * @param zoneLocalMsgCount   deliveries to zone-local consumers (topology experiment, not implemented: 0)
 * @param regionLocalMsgCount deliveries to region-local consumers (topology experiment, not implemented: 0)
 * @param globalMsgCount      deliveries taken from the memory queue (those read from the backend are not counted,
 *                            as in NSQ)
 */
public record ChannelStats(
        String channelName,
        long depth,
        long backendDepth,
        long inFlightCount,
        long deferredCount,
        long messageCount,
        long zoneLocalMsgCount,
        long regionLocalMsgCount,
        long globalMsgCount,
        long requeueCount,
        long timeoutCount,
        int clientCount,
        List<ClientStats> clients,
        boolean paused,
        LatencyPercentiles e2eProcessingLatency) {
}
