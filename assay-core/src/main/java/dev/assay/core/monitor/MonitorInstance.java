package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** One running monitor, driven by a single scheduler thread (it need not be thread-safe). */
public interface MonitorInstance {
    /** Folds one observation in; false when it is late (its window has already closed). */
    boolean observe(JsonNode observation);

    /** Closes the oldest window the clock has passed, if any; {@link #snapshot()} then reflects it. */
    Optional<ClosedWindow> closeNext();

    /** The whole state, open windows included, from which {@link MonitorKind#open} continues exactly. */
    JsonNode snapshot();

    /** Observations timed before this instant are late: the end of the last closed window. */
    Instant closedUntil();
}
