package dev.assay.core.tlog.proof;

import java.util.Objects;

/** The outcome of verifying a proof document: valid, with what it proved, or invalid, with the reason. */
public sealed interface Verdict {
    /** The proof holds; {@code proved} says what, in one line. */
    record Valid(String proved) implements Verdict {
        public Valid {
            Objects.requireNonNull(proved, "proved");
        }
    }

    /** The proof does not hold; {@code reason} says why, in one line. */
    record Invalid(String reason) implements Verdict {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
