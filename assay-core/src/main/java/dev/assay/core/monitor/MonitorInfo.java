package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored monitor: its id, kind, definition and status, the last state snapshot its owner
 * wrote, how many observations that state folds in ({@code watermark}) of how many received
 * ({@code received}), and the end of its last closed window.
 */
public record MonitorInfo(String id, String kind, JsonNode definition, Status status, Instant createdAt, Instant updatedAt,
                          Optional<JsonNode> state, long watermark, long received, Instant closedUntil) {
    /** Whether a monitor still runs. */
    public enum Status { ACTIVE, STOPPED }

    public MonitorInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
    }

    /** Observations received but not yet folded into {@link #state()}. */
    public long pending() {
        return received - watermark;
    }
}
