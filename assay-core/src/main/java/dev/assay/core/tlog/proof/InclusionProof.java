package dev.assay.core.tlog.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.tlog.Merkle;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * That ledger entry {@code seq} is leaf {@code seq - 1} of the tree a signed checkpoint names:
 * {@code {"format":"assay-inclusion-proof/v1","checkpoint":"<signed note>","seq":N,"leafHash":"base64",
 * "entry":{...as the ledger export writes it, or null},"proof":["base64",...]}}.
 */
public record InclusionProof(String checkpoint, long seq, byte[] leafHash, LedgerEntry entry, List<byte[]> proof) implements ProofDocument {
    public static final String FORMAT = "assay-inclusion-proof/v1";

    public InclusionProof {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (seq < 1) throw new InvalidInputException("an inclusion proof's seq must be >= 1, but was " + seq);
        if (leafHash == null || leafHash.length != Merkle.HASH_BYTES)
            throw new InvalidInputException("an inclusion proof's leaf hash has " + Merkle.HASH_BYTES + " bytes");
        if (entry != null && entry.seq() != seq)
            throw new InvalidInputException("the proof is of entry " + seq + " but carries entry " + entry.seq());
        leafHash = leafHash.clone();
        proof = proof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public String toJson() {
        ObjectNode n = ProofJson.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("checkpoint", checkpoint);
        n.put("seq", seq);
        n.put("leafHash", Base64.getEncoder().encodeToString(leafHash));
        if (entry == null) n.putNull("entry");
        else n.set("entry", entry.toJson());
        ProofJson.putHashes(n, "proof", proof);
        return ProofJson.write(n);
    }

    /** Reads the JSON document; a malformed one is an {@link InvalidInputException} naming the field. */
    public static InclusionProof parse(String json) {
        ObjectNode n = ProofJson.object(json, FORMAT);
        long seq = ProofJson.whole(n, "seq");
        JsonNode e = n.get("entry");
        LedgerEntry entry = e == null || e.isNull() ? null : LedgerEntry.fromJson(e, "the proof's entry");
        return new InclusionProof(ProofJson.text(n, "checkpoint"), seq, ProofJson.hash(n, "leafHash"), entry,
                ProofJson.hashes(n, "proof"));
    }
}
