package dev.assay.protocol.classify;

import java.util.List;
import java.util.Objects;

/**
 * A flow's label (a protocol as nDPI spells it, optionally {@code MASTER.APP}, or {@code Unknown}), where it came
 * from, a confidence in [0, 1], the runner-up label when a second stage or validator also matched (else null), and
 * the evidence: one line per check that passed, naming the bytes it read.
 */
public record Classification(String label, Source source, double confidence, String runnerUp, List<String> evidence) {
    /** The label of a flow no stage recognised. */
    public static final String UNKNOWN = "Unknown";

    public Classification {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        evidence = List.copyOf(evidence);
    }

    static Classification unknown() {
        return new Classification(UNKNOWN, Source.UNKNOWN, 0, null, List.of());
    }

    /** The protocol before any {@code .APP} suffix. */
    public String master() {
        int dot = label.indexOf('.');
        return dot < 0 ? label : label.substring(0, dot);
    }
}
