package dev.assay.cli.ledger;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.tlog.proof.ConsistencyProof;
import dev.assay.core.tlog.proof.Proofs;

/** Where {@code assay ledger audit} reads a log: the local store, or a service over HTTP. */
sealed interface LogSource permits LogSource.Local, HttpLogSource {
    /** The newest signed checkpoint. */
    String checkpoint();

    /** The consistency proof of the tree of {@code from} entries with that of {@code to}. */
    ConsistencyProof consistency(long from, long to);

    /** The C2SP verifier key the source presents (trusted only on first use, and only without a key given). */
    String verifierKey();

    /** A ledger opened in this process, with a checkpoint received from elsewhere ({@code note}) or its own newest (null). */
    record Local(Ledger ledger, String note) implements LogSource {
        @Override
        public String checkpoint() {
            return note != null ? note : ledger.checkpoint();
        }

        @Override
        public ConsistencyProof consistency(long from, long to) {
            return Proofs.consistency(ledger, from, to);
        }

        @Override
        public String verifierKey() {
            return ledger.checkpointKey().verifierKey();
        }
    }
}
