package dev.assay.core.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One entry verified in place, without reading the whole chain: its content against its hash,
 * its signature against the trusted key, its link to the entry before it, the link of the entry
 * after it (or the signed head, for the newest). {@code problems} is empty when all hold; a full
 * verification is still what proves nothing was removed or replaced elsewhere.
 */
public record EntryCheck(long seq, List<Finding> problems) {
    /** One failed check on the entry. */
    public record Finding(Problem problem, String detail) {
        public Finding {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public EntryCheck {
        if (seq < 1) throw new IllegalArgumentException("seq must be >= 1, but was " + seq);
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
