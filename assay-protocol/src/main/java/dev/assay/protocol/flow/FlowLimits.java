package dev.assay.protocol.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of each flow the {@link FlowTable} keeps and for how long: payload from the flow's
 * first {@code packets} packets (both directions, payload-less ones counted), at most
 * {@code bytesPerDirection} bytes each way; a TCP flow idle for {@code tcpIdle} and any other
 * flow idle for {@code udpIdle} (capture time) is finished; at most {@code maxFlows} flows are
 * open at once (the longest idle is finished first when a new one needs room).
 */
public record FlowLimits(int packets, int bytesPerDirection, Duration tcpIdle, Duration udpIdle, int maxFlows) {
    public static final int DEFAULT_PACKETS = 32;
    public static final int DEFAULT_BYTES_PER_DIRECTION = 4096;
    public static final Duration DEFAULT_TCP_IDLE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_UDP_IDLE = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_FLOWS = 65_536;

    public FlowLimits {
        Objects.requireNonNull(tcpIdle, "tcpIdle");
        Objects.requireNonNull(udpIdle, "udpIdle");
        if (packets < 1) throw new IllegalArgumentException("packets must be at least 1: " + packets);
        if (bytesPerDirection < 0) throw new IllegalArgumentException("bytesPerDirection must not be negative: " + bytesPerDirection);
        if (tcpIdle.isNegative() || tcpIdle.isZero()) throw new IllegalArgumentException("tcpIdle must be positive: " + tcpIdle);
        if (udpIdle.isNegative() || udpIdle.isZero()) throw new IllegalArgumentException("udpIdle must be positive: " + udpIdle);
        if (maxFlows < 1) throw new IllegalArgumentException("maxFlows must be at least 1: " + maxFlows);
    }

    /** The defaults: 32 packets, 4096 bytes per direction, 5 minutes TCP and 2 minutes UDP idle, 65,536 flows. */
    public static FlowLimits defaults() {
        return new FlowLimits(DEFAULT_PACKETS, DEFAULT_BYTES_PER_DIRECTION, DEFAULT_TCP_IDLE, DEFAULT_UDP_IDLE, DEFAULT_MAX_FLOWS);
    }

    /** What the ACCURATE quality mode reads of each flow: 128 packets and 16 KiB per direction, the defaults otherwise. */
    public static FlowLimits accurate() {
        return new FlowLimits(128, 16 * 1024, DEFAULT_TCP_IDLE, DEFAULT_UDP_IDLE, DEFAULT_MAX_FLOWS);
    }
}
