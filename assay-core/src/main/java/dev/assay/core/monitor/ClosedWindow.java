package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A window a monitor closed: the ledger entry that records it, if it is worth one (a window
 * that carries data or changes a trigger's state), and what to do once it and the state after
 * it are committed (alerts, rollbacks).
 */
public record ClosedWindow(Optional<Entry> entry, Runnable afterCommit) {
    /** A ledger entry: kind, subject and payload. */
    public record Entry(String kind, String subject, JsonNode payload) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(payload, "payload");
        }
    }

    public ClosedWindow {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** A window recorded in the ledger, with nothing to do afterwards. */
    public static ClosedWindow recorded(String kind, String subject, JsonNode payload) {
        return new ClosedWindow(Optional.of(new Entry(kind, subject, payload)), () -> {});
    }

    /** A window not worth a ledger entry of its own (it is counted in the state). */
    public static ClosedWindow unrecorded() {
        return new ClosedWindow(Optional.empty(), () -> {});
    }
}
