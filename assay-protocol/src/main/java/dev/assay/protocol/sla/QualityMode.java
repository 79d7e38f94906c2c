package dev.assay.protocol.sla;

import java.time.Duration;
import java.util.Locale;

/**
 * How much work a classification may do, and the deadline it has when the request names none: FAST 50 ms, BALANCED
 * 200 ms, ACCURATE 1 s (the design's p95 targets for FAST and BALANCED).
 */
public enum QualityMode {
    /** The structural validators and the port guess, with the result cache. */
    FAST(Duration.ofMillis(50)),
    /** FAST, then the learned model on the first packets. */
    BALANCED(Duration.ofMillis(200)),
    /** BALANCED on more of the flow's packets. */
    ACCURATE(Duration.ofSeconds(1));

    private final Duration defaultDeadline;

    QualityMode(Duration defaultDeadline) {
        this.defaultDeadline = defaultDeadline;
    }

    /** The deadline of a request in this mode that names none. */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    /** The mode's name as the command line and the API spell it: {@code fast}, {@code balanced}, {@code accurate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case), or an {@link IllegalArgumentException} listing the modes. */
    public static QualityMode parse(String text) {
        for (QualityMode m : values()) if (m.id().equalsIgnoreCase(text == null ? "" : text.strip())) return m;
        throw new IllegalArgumentException("unknown mode '" + text + "': expected fast, balanced or accurate");
    }
}
