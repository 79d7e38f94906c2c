package dev.assay.fingerprint.encode;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.Objects;

/**
 * One response, encoded: its probe, the hypervectors of its text and of its tool-call structure, the
 * hypervector of its vector output (null when it has none), the hypervector of its tokens' log-probability profile
 * (null when the source gave none), and its integer {@link Features}.
 */
public record EncodedResponse(String probeId, Hypervector text, Hypervector structure, Hypervector vector, Hypervector logprob,
                              long[] features) {
    public EncodedResponse {
        Objects.requireNonNull(probeId, "probeId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(structure, "structure");
        if (structure.dimension() != text.dimension() || (vector != null && vector.dimension() != text.dimension())
                || (logprob != null && logprob.dimension() != text.dimension())) {
            throw new IllegalArgumentException("the vectors of one response must have one dimension");
        }
        if (features.length != Features.COUNT) {
            throw new IllegalArgumentException("expected " + Features.COUNT + " features, but got " + features.length);
        }
        features = features.clone();
    }

    /** A response without a log-probability profile. */
    public EncodedResponse(String probeId, Hypervector text, Hypervector structure, Hypervector vector, long[] features) {
        this(probeId, text, structure, vector, null, features);
    }

    /** The features, a copy, in {@link Features#NAMES} order. */
    @Override
    public long[] features() {
        return features.clone();
    }

    /** One feature. */
    public long feature(Features.Feature f) {
        return features[f.ordinal()];
    }

    /** Number of bits of the vectors. */
    public int dimension() {
        return text.dimension();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedResponse e && probeId.equals(e.probeId) && text.equals(e.text)
                && structure.equals(e.structure) && Objects.equals(vector, e.vector) && Objects.equals(logprob, e.logprob)
                && java.util.Arrays.equals(features, e.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(probeId, text, structure, vector, logprob, java.util.Arrays.hashCode(features));
    }
}
