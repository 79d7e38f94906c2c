package dev.assay.core.ledger;

import org.jdbi.v3.core.Handle;

/**
 * A state change committed atomically with a ledger entry: it runs inside the append's
 * transaction, and if it throws, neither it nor its entry is stored (other entries of
 * the same group commit are unaffected).
 */
@FunctionalInterface
public interface TxAction {
    void apply(Handle handle);
}
