package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.signature.Signature;
import java.util.Objects;

/**
 * A tree merge's root signature, over {@code leaves} partial signatures merged {@code fanIn} at a time, and the
 * tree's {@code depth}: the number of merge levels, the least d with fanIn^d &ge; leaves (0 for one leaf).
 */
public record HierarchicalResult(Signature signature, int leaves, int fanIn, int depth) {
    public HierarchicalResult {
        Objects.requireNonNull(signature, "signature");
        if (leaves < 1) throw new InvalidInputException("leaves must be at least 1, but was " + leaves);
        if (depth < 0) throw new InvalidInputException("depth must not be negative, but was " + depth);
    }
}
