package dev.assay.core.tlog.proof;

import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.tlog.Checkpoint;
import java.util.List;

/**
 * Proof documents of a ledger that holds its signing key: the newest checkpoint, or one signed
 * now for an earlier tree size. The one path behind {@code assay ledger prove-*} and the proof routes.
 */
public final class Proofs {
    private Proofs() {}

    /** The inclusion proof of entry {@code seq} in the newest checkpoint. */
    public static InclusionProof inclusion(Ledger ledger, long seq) {
        String note = ledger.checkpoint();
        return inclusion(ledger, seq, own(ledger, note).size(), note);
    }

    /** The inclusion proof of entry {@code seq} in the checkpoint of the first {@code size} entries. */
    public static InclusionProof inclusion(Ledger ledger, long seq, long size) {
        return inclusion(ledger, seq, size, checkpoint(ledger, size, "size"));
    }

    /**
     * The inclusion proof of entry {@code seq} in {@code checkpoint}, a checkpoint this ledger signed
     * (e.g. the newest one witnesses cosigned, carried with their cosignatures).
     */
    public static InclusionProof inclusion(Ledger ledger, long seq, String checkpoint) {
        return inclusion(ledger, seq, own(ledger, checkpoint).size(), checkpoint);
    }

    private static InclusionProof inclusion(Ledger ledger, long seq, long size, String note) {
        if (seq < 1 || seq > size)
            throw new InvalidInputException("seq must be in 1.." + size + " (the checkpoint's tree size), but was " + seq);
        LedgerEntry entry = ledger.get(seq).orElseThrow(() -> new NotFoundException("ledger entry " + seq + " does not exist"));
        return new InclusionProof(note, seq, Ledger.leafHash(entry), entry, ledger.inclusionProof(seq, size));
    }

    /** The consistency proof of the first {@code from} entries with the newest checkpoint. */
    public static ConsistencyProof consistency(Ledger ledger, long from) {
        String note = ledger.checkpoint();
        return consistency(ledger, from, own(ledger, note).size(), note);
    }

    /** The consistency proof of the first {@code from} entries with the checkpoint of the first {@code to}. */
    public static ConsistencyProof consistency(Ledger ledger, long from, long to) {
        return consistency(ledger, from, to, checkpoint(ledger, to, "to"));
    }

    /** The consistency proof of the first {@code from} entries with {@code checkpoint}, a checkpoint this ledger signed. */
    public static ConsistencyProof consistency(Ledger ledger, long from, String checkpoint) {
        return consistency(ledger, from, own(ledger, checkpoint).size(), checkpoint);
    }

    private static ConsistencyProof consistency(Ledger ledger, long from, long to, String note) {
        if (from < 1 || from > to)
            throw new InvalidInputException("from must be in 1.." + to + " (the new tree size), but was " + from);
        return new ConsistencyProof(checkpoint(ledger, from, "from"), from, ledger.treeRoot(from), note,
                ledger.consistencyProof(from, to));
    }

    /** A signed checkpoint of the first {@code size} entries; {@code name} is the parameter that asked for it. */
    public static String checkpoint(Ledger ledger, long size, String name) {
        long n = ledger.treeSize();
        if (size < 0 || size > n)
            throw new InvalidInputException(name + " must be in 0.." + n + " (the ledger's tree size), but was " + size);
        return new Checkpoint(ledger.origin(), size, ledger.treeRoot(size)).sign(ledger.keys().noteKey(ledger.origin()));
    }

    private static Checkpoint own(Ledger ledger, String note) {
        return Checkpoint.open(note, ledger.origin(), List.of(ledger.checkpointKey()));
    }
}
