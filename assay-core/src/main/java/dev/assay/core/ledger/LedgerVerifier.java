package dev.assay.core.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Streaming verifier: feed entries in ascending seq order, then {@link #finish}. Stops at
 * the first problem. Checks per entry: no gap in seq (DELETED), content matches hash
 * (EDITED, or REORDERED when the content is an intact entry of another position), link to
 * the predecessor's hash (EDITED predecessor whose hash was recomputed), signature by the
 * trusted key (WRONG_KEY when the key id differs, EDITED otherwise); at the end the chain
 * must reach the signed head (TRUNCATED, HEAD_MISMATCH). A missing, empty or malformed
 * signature, on any entry or on the head, is UNSIGNED in both modes: it is never skipped.
 */
final class LedgerVerifier {
    static final int CHECKPOINT_INTERVAL = 256;
    /** FULL mode checks signatures in parallel batches of this many entries. */
    private static final int FULL_BATCH = 1024;
    private static final int REORDER_SEARCH = 64;

    private final LedgerKeys trusted;
    private final VerifyMode mode;
    private final long headSeq;
    private final List<LedgerEntry> sinceCheckpoint = new ArrayList<>();
    private long expectedSeq = 1;
    private LedgerEntry previous;
    private long checked;
    private VerifyReport failure;
    private final List<byte[]> leaves = new ArrayList<>();
    private LedgerTree tree = LedgerTree.empty();

    LedgerVerifier(LedgerKeys trusted, VerifyMode mode, long headSeq) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.headSeq = headSeq;
    }

    /**
     * Checks entry {@code e} in place: its hash, its signature by {@code trusted}, its link to
     * {@code prev} (null when absent) and the link of {@code next} (null when absent) or of the
     * signed head at {@code headSeq} with {@code headHash}.
     */
    static EntryCheck checkOne(LedgerKeys trusted, LedgerEntry e, LedgerEntry prev, LedgerEntry next, long headSeq,
                               String headHash) {
        List<EntryCheck.Finding> found = new ArrayList<>();
        long seq = e.seq();
        if (!Canonical.entryHash(e).equals(e.hash()))
            found.add(new EntryCheck.Finding(Problem.EDITED, "entry " + seq + " does not match its hash: its content was changed"));
        if (!LedgerKeys.wellFormedSignature(e.signature())) {
            found.add(new EntryCheck.Finding(Problem.UNSIGNED, "entry " + seq + " has "
                    + (e.signature() == null || e.signature().isEmpty() ? "no signature" : "a malformed signature")));
        } else if (!e.keyId().equals(trusted.keyId())) {
            found.add(new EntryCheck.Finding(Problem.WRONG_KEY, "entry " + seq + " is signed by key " + e.keyId()
                    + ", not by the ledger key " + trusted.keyId()));
        } else if (!trusted.verify(Canonical.hashBytes(e.hash()), e.signature())) {
            found.add(new EntryCheck.Finding(Problem.EDITED, "entry " + seq + " has a signature that does not verify with the ledger key "
                    + trusted.keyId() + ": its hash was recomputed or its signature replaced"));
        }
        if (seq == 1) {
            if (!Canonical.GENESIS_HASH.equals(e.prevHash()))
                found.add(new EntryCheck.Finding(Problem.EDITED, "entry 1 does not start the chain (prevHash is not the genesis hash)"));
        } else if (prev == null) {
            found.add(new EntryCheck.Finding(Problem.DELETED, "entry " + (seq - 1) + ", before this one, is missing"));
        } else if (!prev.hash().equals(e.prevHash())) {
            found.add(new EntryCheck.Finding(Problem.EDITED, "entry " + seq + " links to a different hash than entry "
                    + (seq - 1) + " has: one of the two was changed"));
        }
        if (next != null) {
            if (!e.hash().equals(next.prevHash()))
                found.add(new EntryCheck.Finding(Problem.EDITED, "entry " + (seq + 1) + " links to a different hash than entry "
                        + seq + " has: one of the two was changed"));
        } else if (headSeq > seq) {
            found.add(new EntryCheck.Finding(Problem.DELETED, "entry " + (seq + 1) + ", after this one, is missing"));
        } else if (headSeq < seq) {
            found.add(new EntryCheck.Finding(Problem.HEAD_MISMATCH, "entry " + seq + " is after the signed head (entry " + headSeq + ")"));
        } else if (!e.hash().equals(headHash)) {
            found.add(new EntryCheck.Finding(Problem.HEAD_MISMATCH, "entry " + seq + " does not match the hash in the signed head"));
        }
        return new EntryCheck(seq, found);
    }

    /** Checks one entry; returns false once a problem has been found. */
    boolean accept(LedgerEntry e) {
        if (failure != null) return false;
        if (e.seq() > expectedSeq) {
            String which = e.seq() - 1 == expectedSeq ? "entry " + expectedSeq : "entries " + expectedSeq + ".." + (e.seq() - 1);
            return fail(expectedSeq, Problem.DELETED, which + " missing: the next stored entry is " + e.seq());
        }
        if (e.seq() < expectedSeq)
            return fail(e.seq(), Problem.REORDERED, "entry " + e.seq() + " appears after entry " + (expectedSeq - 1));
        String recomputed = Canonical.entryHash(e);
        if (!recomputed.equals(e.hash())) {
            long original = originalPosition(e);
            if (original > 0)
                return fail(e.seq(), Problem.REORDERED,
                        "the entry stored at " + e.seq() + " is entry " + original + ", intact but moved");
            return fail(e.seq(), Problem.EDITED, "entry " + e.seq() + " (" + e.kind() + " " + e.subject()
                    + ") does not match its hash: its content was changed");
        }
        String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.hash();
        if (!expectedPrev.equals(e.prevHash())) {
            if (previous == null)
                return fail(e.seq(), Problem.EDITED, "entry 1 does not start the chain (prevHash is not the genesis hash)");
            return fail(previous.seq(), Problem.EDITED, "entry " + previous.seq()
                    + " was changed and its hash recomputed: entry " + e.seq() + " links to a different hash");
        }
        if (!LedgerKeys.wellFormedSignature(e.signature())) {
            return fail(e.seq(), Problem.UNSIGNED, "entry " + e.seq() + " has "
                    + (e.signature() == null || e.signature().isEmpty() ? "no signature" : "a malformed signature")
                    + ": every entry must carry an Ed25519 signature by the ledger key");
        }
        if (!e.keyId().equals(trusted.keyId())) return fail(e.seq(), Problem.WRONG_KEY, wrongKey(e));
        sinceCheckpoint.add(e);
        boolean due = mode == VerifyMode.FULL ? sinceCheckpoint.size() >= FULL_BATCH : e.seq() % CHECKPOINT_INTERVAL == 0;
        if (due && !checkSignatures()) return false;
        previous = e;
        expectedSeq = e.seq() + 1;
        checked++;
        leaves.add(LedgerTree.leafHash(e.hash()));
        if (leaves.size() == 4096) growTree();
        return true;
    }

    private void growTree() {
        tree = tree.append(leaves, new java.util.HashMap<>());
        leaves.clear();
    }

    /**
     * As {@link #finish(String, String)}, then checks the head's checkpoint when it has one: it
     * must be signed by the trusted key for this ledger's origin, name the head's size and
     * commit to the Merkle root of the entries verified.
     */
    VerifyReport finish(String headHash, String headSignature, String headCheckpoint) {
        VerifyReport r = finish(headHash, headSignature);
        if (!r.valid() || headCheckpoint == null || headCheckpoint.isEmpty()) return r;
        growTree();
        String origin = trusted.defaultOrigin();
        dev.assay.core.tlog.Checkpoint c;
        try {
            c = dev.assay.core.tlog.Checkpoint.open(headCheckpoint, origin, List.of(trusted.noteKey(origin).verifierOnly()));
        } catch (dev.assay.core.InvalidInputException e) {
            record(headSeq, Problem.HEAD_MISMATCH, "the head's checkpoint does not verify: " + e.getMessage());
            return failure;
        }
        if (c.size() != headSeq || !java.util.Arrays.equals(c.root(), tree.root())) {
            record(headSeq, Problem.HEAD_MISMATCH, "the head's signed checkpoint (size " + c.size()
                    + ") does not match the Merkle tree of the " + headSeq + " entries");
            return failure;
        }
        return r;
    }

    /** Completes verification against the head record (its hash and signature). */
    VerifyReport finish(String headHash, String headSignature) {
        if (failure != null) return failure;
        if (!checkSignatures()) return failure;
        long last = previous == null ? 0 : previous.seq();
        if (!LedgerKeys.wellFormedSignature(headSignature)) {
            fail(Math.max(headSeq, 1), Problem.UNSIGNED, "the head record (entry " + headSeq + ") has "
                    + (headSignature == null || headSignature.isEmpty() ? "no signature" : "a malformed signature")
                    + ": a ledger's head is always signed, so the ledger was rewound or its head replaced");
            return failure;
        }
        if (!trusted.verify(Canonical.headMessage(headSeq, headHash), headSignature)) {
            fail(headSeq, Problem.HEAD_MISMATCH, "the head record (entry " + headSeq
                    + ") is not signed by the trusted key " + trusted.keyId());
            return failure;
        }
        if (last < headSeq) {
            fail(last + 1, Problem.TRUNCATED, "the ledger ends at entry " + last + " but its signed head is entry "
                    + headSeq + ": " + (headSeq - last) + " entries removed from the end");
            return failure;
        }
        if (last > headSeq) {
            fail(headSeq + 1, Problem.HEAD_MISMATCH, "entries after the signed head " + headSeq
                    + " are present (up to " + last + ")");
            return failure;
        }
        if (headSeq > 0 && !previous.hash().equals(headHash)) {
            fail(headSeq, Problem.HEAD_MISMATCH, "entry " + headSeq + " does not match the hash in the signed head");
            return failure;
        }
        return VerifyReport.ok(checked, headSeq);
    }

    /**
     * Checks the signatures of the entries buffered since the last check: in FULL mode all of
     * them, in parallel; in CHECKPOINTS mode the last one, and all of them only if it fails.
     */
    private boolean checkSignatures() {
        if (sinceCheckpoint.isEmpty()) return true;
        LedgerEntry last = sinceCheckpoint.get(sinceCheckpoint.size() - 1);
        LedgerEntry bad = mode == VerifyMode.FULL || !signatureOk(last) ? firstBadSignature() : null;
        sinceCheckpoint.clear();
        return bad == null || signatureFailure(bad);
    }

    private LedgerEntry firstBadSignature() {
        List<LedgerEntry> buffered = sinceCheckpoint;
        int first = java.util.stream.IntStream.range(0, buffered.size()).parallel()
                .filter(i -> !signatureOk(buffered.get(i))).min().orElse(-1);
        return first < 0 ? null : buffered.get(first);
    }

    private boolean signatureFailure(LedgerEntry e) {
        if (!e.keyId().equals(trusted.keyId())) return record(e.seq(), Problem.WRONG_KEY, wrongKey(e));
        return record(e.seq(), Problem.EDITED, "entry " + e.seq()
                + " has a signature that does not verify with the trusted key " + trusted.keyId()
                + ": the entry was changed and its hash recomputed, or its signature replaced");
    }

    private String wrongKey(LedgerEntry e) {
        return "entry " + e.seq() + " is signed by key " + e.keyId() + ", not by the trusted ledger key " + trusted.keyId();
    }

    private boolean signatureOk(LedgerEntry e) {
        return e.keyId().equals(trusted.keyId()) && trusted.verify(Canonical.hashBytes(e.hash()), e.signature());
    }

    private long originalPosition(LedgerEntry e) {
        for (long s = Math.max(1, e.seq() - REORDER_SEARCH); s <= e.seq() + REORDER_SEARCH; s++) {
            if (s == e.seq()) continue;
            if (Canonical.entryHash(s, e.time().toString(), e.kind(), e.subject(), e.payload(), e.prevHash(), e.keyId())
                    .equals(e.hash())) return s;
        }
        return 0;
    }

    /**
     * Records a problem found at {@code seq}, unless an earlier buffered entry has a bad
     * signature: then that entry is the first bad one and is reported instead.
     */
    private boolean fail(long seq, Problem problem, String detail) {
        LedgerEntry earlier = sinceCheckpoint.isEmpty() ? null : firstBadSignature();
        sinceCheckpoint.clear();
        if (earlier != null && earlier.seq() < seq) return signatureFailure(earlier);
        return record(seq, problem, detail);
    }

    private boolean record(long seq, Problem problem, String detail) {
        failure = VerifyReport.bad(checked, headSeq, seq, problem, detail);
        return false;
    }
}
