package dev.assay.core.registry;

import java.util.List;

/** What a rollback did. Rolling back the same version twice is a no-op the second time. */
public sealed interface RollbackOutcome {
    /** Traffic moved: the listed deployments are the new states, recorded at ledger entry {@code ledgerSeq}. */
    record RolledBack(List<Deployment> changed, long ledgerSeq) implements RollbackOutcome {
        public RolledBack {
            changed = List.copyOf(changed);
        }
    }

    /** The version was already retired; nothing changed and nothing was recorded again. */
    record AlreadyRolledBack(Deployment current) implements RollbackOutcome {}
}
