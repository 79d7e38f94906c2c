package dev.assay.core.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert. {@code dedupKey} identifies the condition (alerts with the same key inside the manager's
 * dedup window are duplicates); {@code labels} are sorted, immutable key/value context.
 */
public record Alert(String id, Instant time, Severity severity, String source, String title, String detail,
                    String dedupKey, Map<String, String> labels) {
    static final int MAX_ID = 256;
    static final int MAX_TITLE = 1024;
    static final int MAX_DETAIL = 64 * 1024;
    static final int MAX_DEDUP_KEY = MAX_ID + 1 + MAX_TITLE;

    public Alert {
        requireText(id, "id", MAX_ID);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(severity, "severity");
        requireText(source, "source", MAX_ID);
        requireText(title, "title", MAX_TITLE);
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            throw new IllegalArgumentException("detail must be at most " + MAX_DETAIL + " chars, but was " + detail.length());
        }
        requireText(dedupKey, "dedupKey", MAX_DEDUP_KEY);
        Objects.requireNonNull(labels, "labels");
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> {
            requireText(k, "label key", MAX_ID);
            copy.put(k, Objects.requireNonNull(v, () -> "value of label " + k));
        });
        labels = Collections.unmodifiableMap(copy);
    }

    /** An alert without labels whose dedup key is its source and title. */
    public static Alert of(String id, Instant time, Severity severity, String source, String title, String detail) {
        return new Alert(id, time, severity, source, title, detail, source + ":" + title, Map.of());
    }

    private static void requireText(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " chars, but was " + value.length());
        }
    }
}
