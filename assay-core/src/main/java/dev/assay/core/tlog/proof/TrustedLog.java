package dev.assay.core.tlog.proof;

import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.InvalidProofException;
import dev.assay.core.tlog.Merkle;
import dev.assay.core.tlog.NoteKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A ledger's transparency log as a verifier knows it: its origin and its public key, from the
 * key's PEM file or its C2SP verifier key text. Verifies proof documents offline. What an inclusion
 * proof's entry establishes: its chain hash is the proven leaf and its signature is the ledger key's.
 */
public record TrustedLog(String origin, LedgerKeys keys) {
    /** RFC 8410 X.509 prefix of an Ed25519 public key. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");

    public TrustedLog {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(keys, "keys");
        keys.noteKey(origin); // refuses an origin that cannot be a note key's name
    }

    /** The log of the ledger whose public key is in {@code pem}, under its default origin. */
    public static TrustedLog ofPublicKeyPem(Path pem) {
        LedgerKeys keys = LedgerKeys.trusting(pem);
        return new TrustedLog(keys.defaultOrigin(), keys);
    }

    /** The log named by a C2SP verifier key {@code origin+hash+base64(0x01 || key)}. */
    public static TrustedLog ofVerifierKey(String text) {
        NoteKey k = NoteKey.parseVerifier(text.strip());
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(k.publicKey(), 0, der, X509_PREFIX.length, 32);
        try {
            return new TrustedLog(k.name(), LedgerKeys.trusting(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(der))));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("the verifier key's public key is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** The log of {@code ledger}, as it presents itself. */
    public static TrustedLog of(Ledger ledger) {
        return ofVerifierKey(ledger.checkpointKey().verifierKey());
    }

    /** The C2SP verifier key text of this log. */
    public String verifierKey() {
        return noteKey().verifierKey();
    }

    private NoteKey noteKey() {
        return keys.noteKey(origin).verifierOnly();
    }

    /** Opens a signed checkpoint of this log; an {@link InvalidInputException} says why it does not verify. */
    public Checkpoint open(String note) {
        return Checkpoint.open(note, origin, List.of(noteKey()));
    }

    /** Verifies a proof document of either format. */
    public Verdict verify(ProofDocument document) {
        return switch (document) {
            case InclusionProof p -> verify(p);
            case ConsistencyProof p -> verify(p);
        };
    }

    /** Verifies an inclusion proof: the checkpoint's signature and origin, the entry when present, the Merkle path. */
    public Verdict verify(InclusionProof p) {
        Checkpoint cp;
        try {
            cp = open(p.checkpoint());
        } catch (InvalidInputException e) {
            return new Verdict.Invalid("the checkpoint does not verify: " + e.getMessage());
        }
        if (p.seq() > cp.size())
            return new Verdict.Invalid("entry " + p.seq() + " cannot be in the checkpoint's tree of " + cp.size() + " entries");
        String what = "entry " + p.seq();
        if (p.entry() != null) {
            Verdict.Invalid bad = entryProblem(p.entry(), p.leafHash());
            if (bad != null) return bad;
            what += " (" + p.entry().kind() + " " + p.entry().subject() + ")";
        }
        try {
            Merkle.verifyInclusion(p.seq() - 1, cp.size(), p.leafHash(), p.proof(), cp.root());
        } catch (InvalidProofException e) {
            return new Verdict.Invalid(e.getMessage());
        }
        return new Verdict.Valid(what + " is in the log " + origin + " of " + cp.size() + " entries");
    }

    private Verdict.Invalid entryProblem(LedgerEntry e, byte[] leafHash) {
        if (!HEX_HASH.matcher(e.hash()).matches())
            return new Verdict.Invalid("entry " + e.seq() + "'s hash is not 64 lower-case hex digits");
        if (!Ledger.contentMatchesHash(e))
            return new Verdict.Invalid("entry " + e.seq() + " does not match its hash: its content was changed");
        if (!Arrays.equals(Ledger.leafHash(e), leafHash))
            return new Verdict.Invalid("entry " + e.seq() + "'s hash does not give the proof's leaf hash: the entry or the leaf hash was changed");
        if (!e.keyId().equals(keys.keyId()))
            return new Verdict.Invalid("entry " + e.seq() + " is signed by key " + e.keyId() + ", not by the ledger key " + keys.keyId());
        if (!keys.verify(HexFormat.of().parseHex(e.hash()), e.signature()))
            return new Verdict.Invalid("entry " + e.seq() + "'s signature does not verify with the ledger key " + keys.keyId());
        return null;
    }

    /** Verifies a consistency proof: both checkpoints' signatures and origin, that they agree with the proof, the proof. */
    public Verdict verify(ConsistencyProof p) {
        Checkpoint now;
        try {
            now = open(p.newCheckpoint());
        } catch (InvalidInputException e) {
            return new Verdict.Invalid("the new checkpoint does not verify: " + e.getMessage());
        }
        if (p.oldCheckpoint() != null) {
            Checkpoint old;
            try {
                old = open(p.oldCheckpoint());
            } catch (InvalidInputException e) {
                return new Verdict.Invalid("the old checkpoint does not verify: " + e.getMessage());
            }
            if (old.size() != p.oldSize() || !Arrays.equals(old.root(), p.oldRoot()))
                return new Verdict.Invalid("the old checkpoint (size " + old.size() + ") does not match the proof's old size "
                        + p.oldSize() + " and root");
        }
        return consistency(new Checkpoint(origin, p.oldSize(), p.oldRoot()), now, p.proof());
    }

    /** Verifies that {@code old} is a prefix of {@code now} by {@code proof}, both of this log. */
    public Verdict consistency(Checkpoint old, Checkpoint now, List<byte[]> proof) {
        if (now.size() < old.size())
            return new Verdict.Invalid("the log was rewound: it has " + now.size() + " entries, fewer than the "
                    + old.size() + " it had");
        try {
            Merkle.verifyConsistency(old.size(), now.size(), old.root(), now.root(), proof);
        } catch (InvalidProofException e) {
            return new Verdict.Invalid(e.getMessage());
        }
        return new Verdict.Valid("the log " + origin + " of " + old.size() + " entries is a prefix of its tree of "
                + now.size() + " entries");
    }
}
