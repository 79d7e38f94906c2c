package dev.assay.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per dedup key, when an alert was last let through and at what severity. An alert is a
 * duplicate when one with its key was let through less than {@code window} ago at the same or a higher
 * severity; an escalation is let through and starts a new window. Keys are kept in insertion order, so
 * expired ones are swept from the head in amortized O(1); at most {@code maxKeys} are kept.
 * Not thread-safe; the manager calls it under its admission lock.
 */
final class Deduplicator {
    private record Seen(Instant at, Severity severity) {}

    private final Duration window;
    private final int maxKeys;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

    Deduplicator(Duration window, int maxKeys) {
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /** True when {@code alert} should go out; records it if so. */
    boolean admit(Alert alert, Instant now) {
        if (window.isZero()) return true;
        Instant horizon = now.minus(window);
        for (Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().at().isAfter(horizon)) break;
            it.remove();
        }
        Seen previous = seen.get(alert.dedupKey());
        if (previous != null && previous.at().isAfter(horizon) && alert.severity().compareTo(previous.severity()) <= 0) {
            return false;
        }
        seen.remove(alert.dedupKey());
        seen.put(alert.dedupKey(), new Seen(now, alert.severity()));
        if (seen.size() > maxKeys) {
            Iterator<String> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }
}
