package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.signature.Signature;
import java.util.Objects;

/**
 * A federation's merged signature, how many sites contributed, the per-counter privacy parameter {@code epsilon}
 * of the sites' noise (NaN without noise), the {@code mechanism} that produced it ({@link SiteNoise#mechanism()})
 * and the {@code seed} the sites' noise was drawn from.
 */
public record FederatedResult(Signature merged, int sites, double epsilon, String mechanism, long seed) {
    public FederatedResult {
        Objects.requireNonNull(merged, "merged");
        Objects.requireNonNull(mechanism, "mechanism");
        if (sites < 1) throw new InvalidInputException("sites must be at least 1, but was " + sites);
    }

    /** Whether the sites added noise (then {@link #merged()} is not the exact signature of their responses). */
    public boolean noised() {
        return !Double.isNaN(epsilon);
    }
}
