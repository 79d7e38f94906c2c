package dev.assay.protocol.sla;

import dev.assay.protocol.flow.FlowSample;
import java.time.Duration;
import java.util.Objects;

/**
 * One flow to classify, the mode and the deadline (from the request's arrival; positive, at most
 * {@link #MAX_DEADLINE}).
 */
public record DiscoveryRequest(FlowSample flow, QualityMode mode, Duration deadline) {
    /** The longest deadline a request may ask for. */
    public static final Duration MAX_DEADLINE = Duration.ofSeconds(60);

    public DiscoveryRequest {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero())
            throw new IllegalArgumentException("deadline must be positive, but was " + deadline.toMillis() + " ms");
        if (deadline.compareTo(MAX_DEADLINE) > 0)
            throw new IllegalArgumentException("deadline must be at most " + MAX_DEADLINE.toMillis() + " ms, but was " + deadline.toMillis() + " ms");
    }

    /** A request in {@code mode} with the mode's default deadline. */
    public static DiscoveryRequest of(FlowSample flow, QualityMode mode) {
        return new DiscoveryRequest(flow, mode, mode.defaultDeadline());
    }
}
