package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** What a capability registers to have its monitors stored, fed and run by the core. */
public interface MonitorKind {
    /** The kind's name, stored with each monitor (e.g. {@code ranking.release}). */
    String name();

    /** Checks a definition before it is stored; throws {@code InvalidInputException} naming every problem. */
    void validate(JsonNode definition);

    /** The time of an observation, checking its shape; throws {@code InvalidInputException} naming the problem. */
    Instant timeOf(JsonNode observation);

    /**
     * A running monitor of {@code monitor}: new (empty {@code snapshot}; its first window holds
     * {@link MonitorInfo#createdAt()}, so observations sent before the first tick count) or continuing
     * exactly where the {@link MonitorInstance#snapshot()} it was given left off.
     */
    MonitorInstance open(MonitorInfo monitor, Optional<JsonNode> snapshot, Clock clock);
}
