package dev.assay.core.ledger;

import java.util.Objects;

/**
 * The outcome of verifying a ledger: how many entries were checked and, when it failed,
 * the first bad entry, the kind of problem and a sentence explaining it.
 */
public record VerifyReport(long entriesChecked, long headSeq, long firstBadSeq, Problem problem, String detail) {
    public VerifyReport {
        if (entriesChecked < 0) throw new IllegalArgumentException("entriesChecked must be >= 0, but was " + entriesChecked);
        if ((problem == null) != (firstBadSeq == 0))
            throw new IllegalArgumentException("firstBadSeq and problem must be both set or both absent");
        Objects.requireNonNull(detail, "detail");
    }

    public static VerifyReport ok(long entriesChecked, long headSeq) {
        return new VerifyReport(entriesChecked, headSeq, 0, null, "ledger verifies: " + entriesChecked + " entries");
    }

    public static VerifyReport bad(long entriesChecked, long headSeq, long seq, Problem problem, String detail) {
        return new VerifyReport(entriesChecked, headSeq, seq, problem, detail);
    }

    public boolean valid() {
        return problem == null;
    }
}
