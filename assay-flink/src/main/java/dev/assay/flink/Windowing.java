package dev.assay.flink;

import dev.assay.core.InvalidInputException;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a {@link DriftJob} cuts each model's responses into windows.
 *
 * <ul>
 *   <li>{@link Kind#COUNT}: windows of {@code size} consecutive responses of one model, the model's responses taken
 *       in input order (file, then line); window k holds responses {@code k * size + 1 .. (k + 1) * size}; the last
 *       window may hold fewer.</li>
 *   <li>{@link Kind#TIME}: tumbling event-time windows of {@code size} milliseconds aligned to the epoch; a response
 *       belongs to window {@code floor(t / size)}, t its record's {@code timeField} (an ISO-8601 instant string or
 *       an integer of epoch milliseconds); within a window responses are ordered by (t, file, line).</li>
 * </ul>
 *
 * @param kind      count or event-time windows
 * @param size      responses per window, or the window's length in milliseconds; at least 1
 * @param timeField the record field holding the time (TIME only; null for COUNT)
 */
public record Windowing(Kind kind, long size, String timeField) implements Serializable {
    /** Default {@link #timeField}. */
    public static final String DEFAULT_TIME_FIELD = "timestamp";

    /** The two kinds of window. */
    public enum Kind { COUNT, TIME }

    public Windowing {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.COUNT && size < 1) throw new InvalidInputException("--count-window must be at least 1, but was " + size);
        if (kind == Kind.TIME && size < 1) {
            throw new InvalidInputException("--time-window must be at least 1 ms, but was " + size + " ms");
        }
        if (kind == Kind.TIME && (timeField == null || timeField.isBlank())) throw new InvalidInputException("--time-field must not be blank");
        if (kind == Kind.COUNT) timeField = null;
    }

    /** Windows of {@code n} responses. */
    public static Windowing count(long n) {
        return new Windowing(Kind.COUNT, n, null);
    }

    /** Tumbling windows of {@code millis} by the records' {@code field}. */
    public static Windowing time(long millis, String field) {
        return new Windowing(Kind.TIME, millis, field);
    }
}
