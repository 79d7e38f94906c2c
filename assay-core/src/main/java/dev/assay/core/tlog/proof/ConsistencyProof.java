package dev.assay.core.tlog.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Merkle;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * That the tree of the first {@code oldSize} entries, with {@code oldRoot}, is a prefix of the tree a
 * signed checkpoint names: {@code {"format":"assay-consistency-proof/v1","old":"<signed note or null>",
 * "oldSize":M,"oldRoot":"base64","new":"<signed note>","proof":["base64",...]}}. Without the old
 * checkpoint, {@code oldRoot} is only as good as the copy the verifier holds of it.
 */
public record ConsistencyProof(String oldCheckpoint, long oldSize, byte[] oldRoot, String newCheckpoint, List<byte[]> proof) implements ProofDocument {
    public static final String FORMAT = "assay-consistency-proof/v1";

    public ConsistencyProof {
        if (oldSize < 1) throw new InvalidInputException("a consistency proof's old size must be >= 1, but was " + oldSize);
        if (oldRoot == null || oldRoot.length != Merkle.HASH_BYTES)
            throw new InvalidInputException("a consistency proof's old root has " + Merkle.HASH_BYTES + " bytes");
        Objects.requireNonNull(newCheckpoint, "newCheckpoint");
        oldRoot = oldRoot.clone();
        proof = proof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] oldRoot() {
        return oldRoot.clone();
    }

    @Override
    public String toJson() {
        ObjectNode n = ProofJson.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        if (oldCheckpoint == null) n.putNull("old");
        else n.put("old", oldCheckpoint);
        n.put("oldSize", oldSize);
        n.put("oldRoot", Base64.getEncoder().encodeToString(oldRoot));
        n.put("new", newCheckpoint);
        ProofJson.putHashes(n, "proof", proof);
        return ProofJson.write(n);
    }

    /** Reads the JSON document; a malformed one is an {@link InvalidInputException} naming the field. */
    public static ConsistencyProof parse(String json) {
        ObjectNode n = ProofJson.object(json, FORMAT);
        return new ConsistencyProof(ProofJson.textOrNull(n, "old"), ProofJson.whole(n, "oldSize"), ProofJson.hash(n, "oldRoot"),
                ProofJson.text(n, "new"), ProofJson.hashes(n, "proof"));
    }
}
