package dev.assay.core.tlog.proof;

import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Checkpoint;
import java.util.Arrays;
import java.util.Objects;

/**
 * One step of an auditor that remembers the last checkpoint it accepted: the log's newest
 * checkpoint is accepted only when it is signed by the trusted key for the trusted origin and its
 * tree extends the remembered one (a consistency proof, RFC 9162). A smaller tree is a rewound log;
 * the same size with another root, or a proof that does not verify, is a fork.
 */
public final class LogAudit {
    /** Where the auditor gets consistency proofs. */
    @FunctionalInterface
    public interface ProofSource {
        /** The consistency proof of the tree of {@code from} entries with that of {@code to}. */
        ConsistencyProof consistency(long from, long to);
    }

    /** What the step decided. */
    public sealed interface Outcome {
        /** No checkpoint was remembered: {@code now} is trusted on first use. */
        record FirstUse(Checkpoint now) implements Outcome {
            public FirstUse {
                Objects.requireNonNull(now, "now");
            }
        }

        /** {@code now} extends (or equals) {@code last}. */
        record Accepted(Checkpoint last, Checkpoint now) implements Outcome {
            public Accepted {
                Objects.requireNonNull(last, "last");
                Objects.requireNonNull(now, "now");
            }
        }

        /** The newest checkpoint is refused; {@code reason} says why in one line. */
        record Refused(String reason) implements Outcome {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private LogAudit() {}

    /**
     * Decides on {@code newestNote}, given the checkpoint accepted before ({@code last}, null on
     * first use), fetching a consistency proof from {@code proofs} when the tree grew.
     */
    public static Outcome step(TrustedLog log, Checkpoint last, String newestNote, ProofSource proofs) {
        Checkpoint now;
        try {
            now = log.open(newestNote);
        } catch (InvalidInputException e) {
            return new Outcome.Refused("the newest checkpoint does not verify: " + e.getMessage());
        }
        if (last == null) return new Outcome.FirstUse(now);
        if (!last.origin().equals(now.origin()))
            return new Outcome.Refused("the checkpoint is of log " + now.origin() + ", not " + last.origin());
        if (now.size() < last.size())
            return new Outcome.Refused("the log was rewound: it now has " + now.size() + " entries, fewer than the "
                    + last.size() + " of the checkpoint accepted before");
        if (now.size() == last.size()) {
            return Arrays.equals(now.root(), last.root()) ? new Outcome.Accepted(last, now)
                    : new Outcome.Refused("the log forked: two checkpoints of " + now.size() + " entries with different roots");
        }
        if (last.size() == 0) return new Outcome.Accepted(last, now); // the empty tree is a prefix of every tree
        ConsistencyProof proof = proofs.consistency(last.size(), now.size());
        if (proof.oldSize() != last.size())
            return new Outcome.Refused("the consistency proof starts at " + proof.oldSize() + " entries, not at " + last.size());
        return switch (log.consistency(last, now, proof.proof())) {
            case Verdict.Valid v -> new Outcome.Accepted(last, now);
            case Verdict.Invalid i -> new Outcome.Refused("the log forked or was rewritten: " + i.reason());
        };
    }
}
